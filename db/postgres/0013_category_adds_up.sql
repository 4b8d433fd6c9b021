-- Whether a category's options add up to the whole (every person is a man or a woman, urban or rural, Kinh or of an
-- ethnic minority). The age groups the indicators use overlap (under 1 lies within under 5) and leave ages out, so
-- their values never make up a total or are checked against one.
ALTER TABLE categories ADD COLUMN adds_up INTEGER NOT NULL DEFAULT 1;
UPDATE categories SET adds_up = 0 WHERE code = 'ageGroup';
