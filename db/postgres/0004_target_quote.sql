-- The document's own words for a target ("tỷ lệ tham gia bảo hiểm y tế đạt 97,1% dân số"): the comparator is read from them.
ALTER TABLE targets ADD COLUMN quote TEXT COLLATE "C" NULL;
ALTER TABLE target_revisions ADD COLUMN quote TEXT COLLATE "C" NULL;
