-- Whether a target applies to the units below its own that have no target of their own (none | provinces |
-- provincesAndCommunes), and why: a national coverage floor does, a national life-expectancy average does not.
ALTER TABLE targets ADD cascade_to NVARCHAR(32) NOT NULL CONSTRAINT df_targets_cascade_to DEFAULT 'none';
ALTER TABLE targets ADD cascade_reason NVARCHAR(MAX) NULL;
ALTER TABLE target_revisions ADD cascade_to NVARCHAR(32) NOT NULL CONSTRAINT df_target_revisions_cascade_to DEFAULT 'none';
ALTER TABLE target_revisions ADD cascade_reason NVARCHAR(MAX) NULL;
