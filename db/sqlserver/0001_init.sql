-- Indicators schema, SQL Server dialect. Values are DECIMAL(19,6); dates are ISO 8601 text like on
-- SQLite ('yyyy-MM-dd', 'yyyy-MM-ddTHH:mm:ss.fffZ') so both dialects share the same queries.

CREATE TABLE indicators (
    code              NVARCHAR(64)    NOT NULL PRIMARY KEY,
    name_vi           NVARCHAR(MAX)    NOT NULL,
    name_en           NVARCHAR(MAX)    NOT NULL,
    unit              NVARCHAR(64)    NOT NULL,
    factor            DECIMAL(19,6)    NOT NULL,
    direction         NVARCHAR(64)    NOT NULL,
    aggregation       NVARCHAR(64)    NOT NULL,
    frequency         NVARCHAR(64)    NOT NULL,
    decimals          INT NOT NULL,
    min_value         DECIMAL(19,6)    NULL,
    max_value         DECIMAL(19,6)    NULL,
    group_code        NVARCHAR(64)    NOT NULL,
    numerator_vi      NVARCHAR(MAX)    NULL,
    denominator_vi    NVARCHAR(MAX)    NULL,
    definition_source NVARCHAR(MAX)    NULL,
    updated_at        NVARCHAR(64)    NOT NULL,
    updated_by        NVARCHAR(200)    NOT NULL
);

CREATE TABLE units (
    id           NVARCHAR(64) NOT NULL PRIMARY KEY,
    code         NVARCHAR(64) NOT NULL,
    name_vi      NVARCHAR(MAX) NOT NULL,
    name_folded  NVARCHAR(MAX) NOT NULL,  -- lower case without diacritics, for accent-insensitive search
    level        NVARCHAR(64) NOT NULL,
    type         NVARCHAR(64) NULL,
    parent_id    NVARCHAR(64) NULL REFERENCES units (id),
    valid_from   NVARCHAR(64) NULL,
    valid_to     NVARCHAR(64) NULL,
    successor_id NVARCHAR(64) NULL REFERENCES units (id),
    note         NVARCHAR(MAX) NULL,
    updated_at   NVARCHAR(64) NOT NULL,
    updated_by   NVARCHAR(200) NOT NULL
);
CREATE INDEX ix_units_code ON units (code);
CREATE INDEX ix_units_parent ON units (parent_id);
CREATE INDEX ix_units_successor ON units (successor_id);
CREATE INDEX ix_units_level ON units (level, id);

CREATE TABLE targets (
    id                BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    indicator_code    NVARCHAR(64)    NOT NULL REFERENCES indicators (code),
    unit_id           NVARCHAR(64)    NOT NULL REFERENCES units (id),
    year              INT NOT NULL,
    comparator        NVARCHAR(64)    NOT NULL,
    value             DECIMAL(19,6)    NOT NULL,
    upper_value       DECIMAL(19,6)    NULL,
    kind              NVARCHAR(64)    NOT NULL,
    baseline_value    DECIMAL(19,6)    NULL,
    baseline_year     INT NULL,
    reference_unit_id NVARCHAR(64)    NULL REFERENCES units (id),
    source            NVARCHAR(MAX)    NOT NULL,
    note              NVARCHAR(MAX)    NULL,
    version           INT NOT NULL,
    seed_key          NVARCHAR(200)    NULL,  -- set for targets loaded from seeds/targets.csv
    deleted_at        NVARCHAR(64)    NULL,
    created_at        NVARCHAR(64)    NOT NULL,
    updated_at        NVARCHAR(64)    NOT NULL,
    updated_by        NVARCHAR(200)    NOT NULL
);
CREATE INDEX ix_targets_lookup ON targets (indicator_code, unit_id, year);
CREATE UNIQUE INDEX ux_targets_seed_key ON targets (seed_key) WHERE seed_key IS NOT NULL;
CREATE INDEX ix_targets_year ON targets (year, unit_id);

-- Every revision of a target, the current one included: the history endpoint reads this.
CREATE TABLE target_revisions (
    target_id         BIGINT NOT NULL REFERENCES targets (id),
    version           INT NOT NULL,
    change            NVARCHAR(64)    NOT NULL,  -- created | updated | deleted
    indicator_code    NVARCHAR(64)    NOT NULL,
    unit_id           NVARCHAR(64)    NOT NULL,
    year              INT NOT NULL,
    comparator        NVARCHAR(64)    NOT NULL,
    value             DECIMAL(19,6)    NOT NULL,
    upper_value       DECIMAL(19,6)    NULL,
    kind              NVARCHAR(64)    NOT NULL,
    baseline_value    DECIMAL(19,6)    NULL,
    baseline_year     INT NULL,
    reference_unit_id NVARCHAR(64)    NULL,
    source            NVARCHAR(MAX)    NOT NULL,
    note              NVARCHAR(MAX)    NULL,
    changed_at        NVARCHAR(64)    NOT NULL,
    changed_by        NVARCHAR(200)    NOT NULL,
    PRIMARY KEY (target_id, version)
);

CREATE TABLE submissions (
    id              BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    unit_id         NVARCHAR(64)    NOT NULL REFERENCES units (id),
    period          NVARCHAR(64)    NOT NULL,
    status          NVARCHAR(64)    NOT NULL,  -- draft | submitted | approved | returned
    created_at      NVARCHAR(64)    NOT NULL,
    updated_at      NVARCHAR(64)    NOT NULL,
    updated_by      NVARCHAR(200)    NOT NULL,
    submitted_at    NVARCHAR(64)    NULL,
    submitted_by    NVARCHAR(200)    NULL,
    approved_at     NVARCHAR(64)    NULL,
    approved_by     NVARCHAR(200)    NULL,
    status_comment  NVARCHAR(MAX)    NULL,
    UNIQUE (unit_id, period)
);

CREATE TABLE data_values (
    indicator_code NVARCHAR(64)    NOT NULL REFERENCES indicators (code),
    unit_id        NVARCHAR(64)    NOT NULL REFERENCES units (id),
    period         NVARCHAR(64)    NOT NULL,
    period_start   NVARCHAR(64)    NOT NULL,
    period_end     NVARCHAR(64)    NOT NULL,
    value          DECIMAL(19,6)    NOT NULL,
    numerator      DECIMAL(19,6)    NULL,
    denominator    DECIMAL(19,6)    NULL,
    comment        NVARCHAR(MAX)    NULL,
    source         NVARCHAR(MAX)    NULL,  -- where a figure came from when it was not typed in (a publication, demo data)
    submission_id  BIGINT NOT NULL REFERENCES submissions (id),
    updated_at     NVARCHAR(64)    NOT NULL,
    updated_by     NVARCHAR(200)    NOT NULL,
    PRIMARY KEY (indicator_code, unit_id, period)
);
CREATE INDEX ix_values_unit ON data_values (unit_id, indicator_code, period_end);
CREATE INDEX ix_values_submission ON data_values (submission_id);

-- Append-only trail of every change: values, submission statuses, catalog rows, targets, keys.
CREATE TABLE audit_log (
    id             BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    at             NVARCHAR(64)    NOT NULL,
    actor          NVARCHAR(200)    NOT NULL,
    entity         NVARCHAR(64)    NOT NULL,  -- value | submission | indicator | unit | target | apiKey
    entity_key     NVARCHAR(200)    NOT NULL,
    action         NVARCHAR(64)    NOT NULL,
    indicator_code NVARCHAR(64)    NULL,
    unit_id        NVARCHAR(64)    NULL,
    period         NVARCHAR(64)    NULL,
    old_value      DECIMAL(19,6)    NULL,
    new_value      DECIMAL(19,6)    NULL,
    old_data       NVARCHAR(MAX)    NULL,  -- JSON of the row before
    new_data       NVARCHAR(MAX)    NULL,  -- JSON of the row after
    reason         NVARCHAR(MAX)    NULL
);
CREATE INDEX ix_audit_value ON audit_log (indicator_code, unit_id, period);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_key);

CREATE TABLE api_keys (
    id         BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    name       NVARCHAR(MAX)    NOT NULL,
    role       NVARCHAR(64)    NOT NULL,  -- admin | approver | reporter | reader
    prefix     NVARCHAR(64)    NOT NULL UNIQUE,
    key_hash   NVARCHAR(64)    NOT NULL,  -- SHA-256 of the whole key, hex
    created_at NVARCHAR(64)    NOT NULL,
    created_by NVARCHAR(200)    NOT NULL,
    revoked_at NVARCHAR(64)    NULL
);

CREATE TABLE api_key_units (
    key_id  BIGINT NOT NULL REFERENCES api_keys (id),
    unit_id NVARCHAR(64)    NOT NULL REFERENCES units (id),
    PRIMARY KEY (key_id, unit_id)
);

CREATE TABLE idempotency_records (
    caller        NVARCHAR(64)    NOT NULL,
    idem_key      NVARCHAR(200)    NOT NULL,
    request_hash  NVARCHAR(64)    NOT NULL,
    status_code   INT NOT NULL,
    content_type  NVARCHAR(64)    NULL,
    body          VARBINARY(MAX)    NULL,
    created_at    NVARCHAR(64)    NOT NULL,
    PRIMARY KEY (caller, idem_key)
);

CREATE TABLE holidays (
    date    NVARCHAR(64) NOT NULL PRIMARY KEY,
    name_vi NVARCHAR(MAX) NOT NULL
);

-- One row; every write bumps it, so read caches and ETags can be keyed by it.
CREATE TABLE data_version (
    id      INT NOT NULL PRIMARY KEY CHECK (id = 1),
    version INT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
