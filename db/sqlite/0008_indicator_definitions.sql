-- Whether an indicator's sub-year value is for the period alone or the year to date (Thông tư 37/2019 reports are
-- cumulative), and the English names of a ratio's numerator and denominator beside the Vietnamese ones of 0001.
ALTER TABLE indicators ADD COLUMN period_basis TEXT NOT NULL DEFAULT 'periodAlone';
ALTER TABLE indicators ADD COLUMN numerator_en TEXT NULL;
ALTER TABLE indicators ADD COLUMN denominator_en TEXT NULL;
