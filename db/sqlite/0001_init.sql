-- Indicators schema, SQLite dialect. Values are REAL (compared at each indicator's precision),
-- dates are ISO 8601 text: 'yyyy-MM-dd' for calendar dates, 'yyyy-MM-ddTHH:mm:ss.fffZ' for instants.

CREATE TABLE indicators (
    code              TEXT    NOT NULL PRIMARY KEY,
    name_vi           TEXT    NOT NULL,
    name_en           TEXT    NOT NULL,
    unit              TEXT    NOT NULL,
    factor            REAL    NOT NULL,
    direction         TEXT    NOT NULL,
    aggregation       TEXT    NOT NULL,
    frequency         TEXT    NOT NULL,
    decimals          INTEGER NOT NULL,
    min_value         REAL    NULL,
    max_value         REAL    NULL,
    group_code        TEXT    NOT NULL,
    numerator_vi      TEXT    NULL,
    denominator_vi    TEXT    NULL,
    definition_source TEXT    NULL,
    updated_at        TEXT    NOT NULL,
    updated_by        TEXT    NOT NULL
);

CREATE TABLE units (
    id           TEXT NOT NULL PRIMARY KEY,
    code         TEXT NOT NULL,
    name_vi      TEXT NOT NULL,
    name_folded  TEXT NOT NULL,  -- lower case without diacritics, for accent-insensitive search
    level        TEXT NOT NULL,
    type         TEXT NULL,
    parent_id    TEXT NULL REFERENCES units (id),
    valid_from   TEXT NULL,
    valid_to     TEXT NULL,
    successor_id TEXT NULL REFERENCES units (id),
    note         TEXT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);
CREATE INDEX ix_units_code ON units (code);
CREATE INDEX ix_units_parent ON units (parent_id);
CREATE INDEX ix_units_successor ON units (successor_id);
CREATE INDEX ix_units_level ON units (level, id);

CREATE TABLE targets (
    id                INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    indicator_code    TEXT    NOT NULL REFERENCES indicators (code),
    unit_id           TEXT    NOT NULL REFERENCES units (id),
    year              INTEGER NOT NULL,
    comparator        TEXT    NOT NULL,
    value             REAL    NOT NULL,
    upper_value       REAL    NULL,
    kind              TEXT    NOT NULL,
    baseline_value    REAL    NULL,
    baseline_year     INTEGER NULL,
    reference_unit_id TEXT    NULL REFERENCES units (id),
    source            TEXT    NOT NULL,
    note              TEXT    NULL,
    version           INTEGER NOT NULL,
    seed_key          TEXT    NULL UNIQUE,  -- set for targets loaded from seeds/targets.csv
    deleted_at        TEXT    NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    updated_by        TEXT    NOT NULL
);
CREATE INDEX ix_targets_lookup ON targets (indicator_code, unit_id, year);
CREATE INDEX ix_targets_year ON targets (year, unit_id);

-- Every revision of a target, the current one included: the history endpoint reads this.
CREATE TABLE target_revisions (
    target_id         INTEGER NOT NULL REFERENCES targets (id),
    version           INTEGER NOT NULL,
    change            TEXT    NOT NULL,  -- created | updated | deleted
    indicator_code    TEXT    NOT NULL,
    unit_id           TEXT    NOT NULL,
    year              INTEGER NOT NULL,
    comparator        TEXT    NOT NULL,
    value             REAL    NOT NULL,
    upper_value       REAL    NULL,
    kind              TEXT    NOT NULL,
    baseline_value    REAL    NULL,
    baseline_year     INTEGER NULL,
    reference_unit_id TEXT    NULL,
    source            TEXT    NOT NULL,
    note              TEXT    NULL,
    changed_at        TEXT    NOT NULL,
    changed_by        TEXT    NOT NULL,
    PRIMARY KEY (target_id, version)
);

CREATE TABLE submissions (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    unit_id         TEXT    NOT NULL REFERENCES units (id),
    period          TEXT    NOT NULL,
    status          TEXT    NOT NULL,  -- draft | submitted | approved | returned
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL,
    submitted_at    TEXT    NULL,
    submitted_by    TEXT    NULL,
    approved_at     TEXT    NULL,
    approved_by     TEXT    NULL,
    status_comment  TEXT    NULL,
    UNIQUE (unit_id, period)
);

CREATE TABLE data_values (
    indicator_code TEXT    NOT NULL REFERENCES indicators (code),
    unit_id        TEXT    NOT NULL REFERENCES units (id),
    period         TEXT    NOT NULL,
    period_start   TEXT    NOT NULL,
    period_end     TEXT    NOT NULL,
    value          REAL    NOT NULL,
    numerator      REAL    NULL,
    denominator    REAL    NULL,
    comment        TEXT    NULL,
    source         TEXT    NULL,  -- where a figure came from when it was not typed in (a publication, demo data)
    submission_id  INTEGER NOT NULL REFERENCES submissions (id),
    updated_at     TEXT    NOT NULL,
    updated_by     TEXT    NOT NULL,
    PRIMARY KEY (indicator_code, unit_id, period)
);
CREATE INDEX ix_values_unit ON data_values (unit_id, indicator_code, period_end);
CREATE INDEX ix_values_submission ON data_values (submission_id);

-- Append-only trail of every change: values, submission statuses, catalog rows, targets, keys.
CREATE TABLE audit_log (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at             TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    entity         TEXT    NOT NULL,  -- value | submission | indicator | unit | target | apiKey
    entity_key     TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    indicator_code TEXT    NULL,
    unit_id        TEXT    NULL,
    period         TEXT    NULL,
    old_value      REAL    NULL,
    new_value      REAL    NULL,
    old_data       TEXT    NULL,  -- JSON of the row before
    new_data       TEXT    NULL,  -- JSON of the row after
    reason         TEXT    NULL
);
CREATE INDEX ix_audit_value ON audit_log (indicator_code, unit_id, period);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_key);

CREATE TABLE api_keys (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL,  -- admin | approver | reporter | reader
    prefix     TEXT    NOT NULL UNIQUE,
    key_hash   TEXT    NOT NULL,  -- SHA-256 of the whole key, hex
    created_at TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    revoked_at TEXT    NULL
);

CREATE TABLE api_key_units (
    key_id  INTEGER NOT NULL REFERENCES api_keys (id),
    unit_id TEXT    NOT NULL REFERENCES units (id),
    PRIMARY KEY (key_id, unit_id)
);

CREATE TABLE idempotency_records (
    caller        TEXT    NOT NULL,
    idem_key      TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    status_code   INTEGER NOT NULL,
    content_type  TEXT    NULL,
    body          BLOB    NULL,
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (caller, idem_key)
);

CREATE TABLE holidays (
    date    TEXT NOT NULL PRIMARY KEY,
    name_vi TEXT NOT NULL
);

-- One row; every write bumps it, so read caches and ETags can be keyed by it.
CREATE TABLE data_version (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
