-- Explanations of missed targets: a cause from a short list, the text, the corrective action, the agency that carries
-- it, its due date and status, one per target, unit and year, with every revision kept.
CREATE TABLE explanation_causes (
    code    TEXT NOT NULL PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL
);
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES ('staffShortage', 'Thiếu nhân lực', 'Staff shortage');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES ('fundingShortage', 'Thiếu kinh phí', 'Funding shortage');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES ('dataQuality', 'Chất lượng số liệu', 'Data quality');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES ('merger', 'Sắp xếp đơn vị hành chính', 'Merger of administrative units');
INSERT INTO explanation_causes (code, name_vi, name_en) VALUES ('other', 'Nguyên nhân khác', 'Other');

CREATE TABLE explanations (
    id                INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    target_id         INTEGER NOT NULL REFERENCES targets (id),
    unit_id           TEXT    NOT NULL REFERENCES units (id),
    year              INTEGER NOT NULL,
    cause             TEXT    NOT NULL REFERENCES explanation_causes (code),
    text_vi           TEXT    NOT NULL,
    corrective_action TEXT    NULL,
    agency_code       TEXT    NULL REFERENCES agencies (code),
    due_date          TEXT    NULL,
    status            TEXT    NOT NULL,  -- open | inProgress | resolved
    version           INTEGER NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    updated_by        TEXT    NOT NULL,
    UNIQUE (target_id, unit_id, year)
);
CREATE INDEX ix_explanations_unit ON explanations (unit_id);

-- Every revision of an explanation, the first included.
CREATE TABLE explanation_revisions (
    explanation_id    INTEGER NOT NULL REFERENCES explanations (id),
    version           INTEGER NOT NULL,
    cause             TEXT    NOT NULL,
    text_vi           TEXT    NOT NULL,
    corrective_action TEXT    NULL,
    agency_code       TEXT    NULL,
    due_date          TEXT    NULL,
    status            TEXT    NOT NULL,
    changed_at        TEXT    NOT NULL,
    changed_by        TEXT    NOT NULL,
    PRIMARY KEY (explanation_id, version)
);

-- The outbox of notifications: clients poll it by id; a webhook, where configured, gets each row until it answers 2xx.
-- key makes a notification once only (a return or an approval at its write time, a deadline once per unit and period).
CREATE TABLE notifications (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL,  -- returned | approved | reportDue | reportOverdue | taskDue
    unit_id         TEXT    NOT NULL,
    period          TEXT    NULL,
    task_id         INTEGER NULL,
    due_date        TEXT    NULL,
    message         TEXT    NOT NULL,
    dedup_key       TEXT    NOT NULL UNIQUE,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    delivered_at    TEXT    NULL,      -- when the webhook accepted it
    attempts        INTEGER NOT NULL,  -- failed deliveries so far
    next_attempt_at TEXT    NULL,      -- not before then, after a failure
    last_error      TEXT    NULL
);
CREATE INDEX ix_notifications_unit ON notifications (unit_id, id);
CREATE INDEX ix_notifications_undelivered ON notifications (delivered_at, id);
