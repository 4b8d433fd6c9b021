-- Whether a target applies to the units below its own that have no target of their own (none | provinces |
-- provincesAndCommunes), and why: a national coverage floor does, a national life-expectancy average does not.
ALTER TABLE targets ADD COLUMN cascade_to TEXT COLLATE "C" NOT NULL DEFAULT 'none';
ALTER TABLE targets ADD COLUMN cascade_reason TEXT COLLATE "C" NULL;
ALTER TABLE target_revisions ADD COLUMN cascade_to TEXT COLLATE "C" NOT NULL DEFAULT 'none';
ALTER TABLE target_revisions ADD COLUMN cascade_reason TEXT COLLATE "C" NULL;
