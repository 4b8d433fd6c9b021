-- The task register of the plans: agencies (types within a task's unit, with their 2025 successions), tasks with their
-- lead and partner agencies, the targets they serve, and every change of a task's status.
CREATE TABLE agencies (
    code       TEXT NOT NULL PRIMARY KEY,
    name_vi    TEXT NOT NULL,
    kind       TEXT NOT NULL,   -- department | peoplesCommittee | partyBody | other | group
    valid_to   TEXT NULL,       -- last day
    basis      TEXT NULL,
    confidence TEXT NOT NULL,   -- high | medium | low: how sure the end and succession are
    aliases    TEXT NULL,       -- the forms the documents write, joined by ' | '
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE agency_successors (
    agency_code    TEXT    NOT NULL REFERENCES agencies (code),
    position       INTEGER NOT NULL,  -- 1 = the main successor
    successor_code TEXT    NOT NULL REFERENCES agencies (code),
    PRIMARY KEY (agency_code, position)
);

CREATE TABLE tasks (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    source          TEXT    NOT NULL,
    issued_on       TEXT    NOT NULL,
    unit_id         TEXT    NOT NULL REFERENCES units (id),
    part            TEXT    NULL,
    item            TEXT    NOT NULL,
    text_vi         TEXT    NOT NULL,
    output_form     TEXT    NULL,
    due_text        TEXT    NULL,     -- as written; the due dates are parsed from it
    note            TEXT    NULL,
    ocr_doubt       TEXT    NULL,
    status          TEXT    NOT NULL, -- notStarted | inProgress | done
    evidence_number TEXT    NULL,
    evidence_date   TEXT    NULL,
    reports_done    INTEGER NOT NULL, -- yearly reports done, for a recurring task
    version         INTEGER NOT NULL,
    seed_key        TEXT    NULL UNIQUE,  -- set for tasks loaded from seeds/tasks.csv
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
);
CREATE INDEX ix_tasks_unit ON tasks (unit_id);

CREATE TABLE task_agencies (
    task_id     INTEGER NOT NULL REFERENCES tasks (id),
    role        TEXT    NOT NULL,  -- lead | partner
    position    INTEGER NOT NULL,
    agency_code TEXT    NOT NULL REFERENCES agencies (code),
    PRIMARY KEY (task_id, role, position)
);
CREATE INDEX ix_task_agencies_agency ON task_agencies (agency_code);

CREATE TABLE task_targets (
    task_id   INTEGER NOT NULL REFERENCES tasks (id),
    target_id INTEGER NOT NULL REFERENCES targets (id),
    PRIMARY KEY (task_id, target_id)
);

-- Every status a task has had, the first included: the status history.
CREATE TABLE task_status_changes (
    task_id         INTEGER NOT NULL REFERENCES tasks (id),
    version         INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    evidence_number TEXT    NULL,
    evidence_date   TEXT    NULL,
    note            TEXT    NULL,
    changed_at      TEXT    NOT NULL,
    changed_by      TEXT    NOT NULL,
    PRIMARY KEY (task_id, version)
);
