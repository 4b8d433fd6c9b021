-- The index on a value's unit is dropped: every value's submission is the one of its unit and period, so the values of
-- a unit are found through the submissions' unique (unit_id, period) and ix_values_submission, and a unit's history
-- of some indicators through the primary key. Its entries were ordered by unit first, so the values of a new period,
-- which is how reports arrive, were written across the whole index, a page for every few rows once the stored
-- periods outnumber the rows on a page.
DROP INDEX IF EXISTS ix_values_unit ON data_values;
