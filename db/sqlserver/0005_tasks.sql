-- The task register of the plans: agencies (types within a task's unit, with their 2025 successions), tasks with their
-- lead and partner agencies, the targets they serve, and every change of a task's status.
CREATE TABLE agencies (
    code       NVARCHAR(64)  NOT NULL PRIMARY KEY,
    name_vi    NVARCHAR(MAX) NOT NULL,
    kind       NVARCHAR(32)  NOT NULL,   -- department | peoplesCommittee | partyBody | other | group
    valid_to   NVARCHAR(64)  NULL,       -- last day
    basis      NVARCHAR(MAX) NULL,
    confidence NVARCHAR(16)  NOT NULL,   -- high | medium | low: how sure the end and succession are
    aliases    NVARCHAR(MAX) NULL,       -- the forms the documents write, joined by ' | '
    updated_at NVARCHAR(64)  NOT NULL,
    updated_by NVARCHAR(200) NOT NULL
);

CREATE TABLE agency_successors (
    agency_code    NVARCHAR(64) NOT NULL REFERENCES agencies (code),
    position       INT          NOT NULL,  -- 1 = the main successor
    successor_code NVARCHAR(64) NOT NULL REFERENCES agencies (code),
    PRIMARY KEY (agency_code, position)
);

CREATE TABLE tasks (
    id              BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    source          NVARCHAR(300) NOT NULL,
    issued_on       NVARCHAR(64)  NOT NULL,
    unit_id         NVARCHAR(64)  NOT NULL REFERENCES units (id),
    part            NVARCHAR(40)  NULL,
    item            NVARCHAR(40)  NOT NULL,
    text_vi         NVARCHAR(MAX) NOT NULL,
    output_form     NVARCHAR(MAX) NULL,
    due_text        NVARCHAR(200) NULL,     -- as written; the due dates are parsed from it
    note            NVARCHAR(MAX) NULL,
    ocr_doubt       NVARCHAR(MAX) NULL,
    status          NVARCHAR(32)  NOT NULL, -- notStarted | inProgress | done
    evidence_number NVARCHAR(200) NULL,
    evidence_date   NVARCHAR(64)  NULL,
    reports_done    INT           NOT NULL, -- yearly reports done, for a recurring task
    version         INT           NOT NULL,
    seed_key        NVARCHAR(450) NULL,     -- set for tasks loaded from seeds/tasks.csv
    created_at      NVARCHAR(64)  NOT NULL,
    updated_at      NVARCHAR(64)  NOT NULL,
    updated_by      NVARCHAR(200) NOT NULL
);
CREATE UNIQUE INDEX ux_tasks_seed_key ON tasks (seed_key) WHERE seed_key IS NOT NULL;
CREATE INDEX ix_tasks_unit ON tasks (unit_id);

CREATE TABLE task_agencies (
    task_id     BIGINT       NOT NULL REFERENCES tasks (id),
    role        NVARCHAR(16) NOT NULL,  -- lead | partner
    position    INT          NOT NULL,
    agency_code NVARCHAR(64) NOT NULL REFERENCES agencies (code),
    PRIMARY KEY (task_id, role, position)
);
CREATE INDEX ix_task_agencies_agency ON task_agencies (agency_code);

CREATE TABLE task_targets (
    task_id   BIGINT NOT NULL REFERENCES tasks (id),
    target_id BIGINT NOT NULL REFERENCES targets (id),
    PRIMARY KEY (task_id, target_id)
);

-- Every status a task has had, the first included: the status history.
CREATE TABLE task_status_changes (
    task_id         BIGINT        NOT NULL REFERENCES tasks (id),
    version         INT           NOT NULL,
    status          NVARCHAR(32)  NOT NULL,
    evidence_number NVARCHAR(200) NULL,
    evidence_date   NVARCHAR(64)  NULL,
    note            NVARCHAR(MAX) NULL,
    changed_at      NVARCHAR(64)  NOT NULL,
    changed_by      NVARCHAR(200) NOT NULL,
    PRIMARY KEY (task_id, version)
);
