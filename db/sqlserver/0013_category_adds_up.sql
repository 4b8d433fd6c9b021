-- Whether a category's options add up to the whole (every person is a man or a woman, urban or rural, Kinh or of an
-- ethnic minority). The age groups the indicators use overlap (under 1 lies within under 5) and leave ages out, so
-- their values never make up a total or are checked against one.
ALTER TABLE categories ADD adds_up INT NOT NULL CONSTRAINT df_categories_adds_up DEFAULT 1;
-- In EXEC: the batch is compiled before the column above exists.
EXEC ('UPDATE categories SET adds_up = 0 WHERE code = ''ageGroup''');
