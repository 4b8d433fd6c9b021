-- Multi-level approval: each level's last act on a submission (approved, or returned with its reason); a level that
-- has not acted has no row. The history of every act is in the audit trail.
CREATE TABLE submission_approvals (
    submission_id BIGINT  NOT NULL REFERENCES submissions (id),
    level         TEXT COLLATE "C" NOT NULL,  -- commune | province | ministry
    status        TEXT COLLATE "C" NOT NULL,  -- approved | returned
    acted_at      TEXT COLLATE "C" NOT NULL,
    acted_by      TEXT COLLATE "C" NOT NULL,
    reason        TEXT COLLATE "C" NULL,
    PRIMARY KEY (submission_id, level)
);

-- When a submission was first approved, how many value changes it has had since, and the indicators a partial return
-- or reopening made editable (comma-separated; NULL: the whole submission).
ALTER TABLE submissions ADD COLUMN first_approved_at TEXT COLLATE "C" NULL;
ALTER TABLE submissions ADD COLUMN changes_since_approval BIGINT NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN editable_indicators TEXT COLLATE "C" NULL;

-- Submissions approved with a single level were approved by their province (the country's by the Ministry).
UPDATE submissions SET first_approved_at = approved_at WHERE status = 'approved';
INSERT INTO submission_approvals (submission_id, level, status, acted_at, acted_by, reason)
SELECT s.id, CASE WHEN u.level = 'country' THEN 'ministry' ELSE 'province' END, 'approved', COALESCE(s.approved_at, s.updated_at), COALESCE(s.approved_by, s.updated_by), NULL
FROM submissions s JOIN units u ON u.id = s.unit_id
WHERE s.status = 'approved';
