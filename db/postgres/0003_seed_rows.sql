-- The seed row each seeded record was last loaded from, so a restart applies only what the seed files changed
-- and never undoes an edit made through the API (entity: indicator | unit | target; row: the seed row as JSON).
CREATE TABLE seed_rows (
    entity   TEXT COLLATE "C" NOT NULL,
    seed_key TEXT COLLATE "C" NOT NULL,
    row_json TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity, seed_key)
);
