-- The document's own words for a target ("tỷ lệ tham gia bảo hiểm y tế đạt 97,1% dân số"): the comparator is read from them.
ALTER TABLE targets ADD quote NVARCHAR(MAX) NULL;
ALTER TABLE target_revisions ADD quote NVARCHAR(MAX) NULL;
