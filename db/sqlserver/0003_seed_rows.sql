-- The seed row each seeded record was last loaded from, so a restart applies only what the seed files changed
-- and never undoes an edit made through the API (entity: indicator | unit | target; row: the seed row as JSON).
CREATE TABLE seed_rows (
    entity   NVARCHAR(20)  NOT NULL,
    seed_key NVARCHAR(450) NOT NULL,
    row_json NVARCHAR(MAX) NOT NULL,
    PRIMARY KEY (entity, seed_key)
);
