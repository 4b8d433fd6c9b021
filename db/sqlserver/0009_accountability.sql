-- Explanations of missed targets: a cause from a short list, the text, the corrective action, the agency that carries
-- it, its due date and status, one per target, unit and year, with every revision kept.
CREATE TABLE explanation_causes (
    code    NVARCHAR(64) NOT NULL PRIMARY KEY,
    name_vi NVARCHAR(200) NOT NULL,
    name_en NVARCHAR(200) NOT NULL
);
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES (N'staffShortage', N'Thiếu nhân lực', N'Staff shortage');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES (N'fundingShortage', N'Thiếu kinh phí', N'Funding shortage');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES (N'dataQuality', N'Chất lượng số liệu', N'Data quality');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES (N'merger', N'Sắp xếp đơn vị hành chính', N'Merger of administrative units');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES (N'other', N'Nguyên nhân khác', N'Other');

CREATE TABLE explanations (
    id                BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    target_id         BIGINT  NOT NULL REFERENCES targets (id),
    unit_id           NVARCHAR(64) NOT NULL REFERENCES units (id),
    year              INT     NOT NULL,
    cause             NVARCHAR(64) NOT NULL REFERENCES explanation_causes (code),
    text_vi           NVARCHAR(MAX) NOT NULL,
    corrective_action NVARCHAR(MAX) NULL,
    agency_code       NVARCHAR(64) NULL REFERENCES agencies (code),
    due_date          NVARCHAR(64) NULL,
    status            NVARCHAR(32) NOT NULL,  -- open | inProgress | resolved
    version           INT     NOT NULL,
    created_at        NVARCHAR(64) NOT NULL,
    updated_at        NVARCHAR(64) NOT NULL,
    updated_by        NVARCHAR(200) NOT NULL,
    UNIQUE (target_id, unit_id, year)
);
CREATE INDEX ix_explanations_unit ON explanations (unit_id);

-- Every revision of an explanation, the first included.
CREATE TABLE explanation_revisions (
    explanation_id    BIGINT  NOT NULL REFERENCES explanations (id),
    version           INT     NOT NULL,
    cause             NVARCHAR(64) NOT NULL,
    text_vi           NVARCHAR(MAX) NOT NULL,
    corrective_action NVARCHAR(MAX) NULL,
    agency_code       NVARCHAR(64) NULL,
    due_date          NVARCHAR(64) NULL,
    status            NVARCHAR(32) NOT NULL,
    changed_at        NVARCHAR(64) NOT NULL,
    changed_by        NVARCHAR(200) NOT NULL,
    PRIMARY KEY (explanation_id, version)
);

-- The outbox of notifications: clients poll it by id; a webhook, where configured, gets each row until it answers 2xx.
-- key makes a notification once only (a return or an approval at its write time, a deadline once per unit and period).
CREATE TABLE notifications (
    id              BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    kind            NVARCHAR(32)  NOT NULL,  -- returned | approved | reportDue | reportOverdue | taskDue
    unit_id         NVARCHAR(64)  NOT NULL,
    period          NVARCHAR(32)  NULL,
    task_id         BIGINT        NULL,
    due_date        NVARCHAR(64)  NULL,
    message         NVARCHAR(MAX) NOT NULL,
    dedup_key       NVARCHAR(400) NOT NULL UNIQUE,
    created_at      NVARCHAR(64)  NOT NULL,
    created_by      NVARCHAR(200) NOT NULL,
    delivered_at    NVARCHAR(64)  NULL,      -- when the webhook accepted it
    attempts        INT           NOT NULL,  -- failed deliveries so far
    next_attempt_at NVARCHAR(64)  NULL,      -- not before then, after a failure
    last_error      NVARCHAR(MAX) NULL
);
CREATE INDEX ix_notifications_unit ON notifications (unit_id, id);
CREATE INDEX ix_notifications_undelivered ON notifications (delivered_at, id);
