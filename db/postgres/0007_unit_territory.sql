-- The former unit whose territory a unit is formed wholly from (every lineage row merge_type = full from it): a commune
-- of the new Lâm Đồng made only of former Bình Thuận communes names 60. A dissolved unit's values are derived from these.
ALTER TABLE units ADD COLUMN formed_from_id TEXT COLLATE "C" NULL;
CREATE INDEX ix_units_formed_from ON units (formed_from_id);
