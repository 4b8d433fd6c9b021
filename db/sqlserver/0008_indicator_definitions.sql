-- Whether an indicator's sub-year value is for the period alone or the year to date (Thông tư 37/2019 reports are
-- cumulative), and the English names of a ratio's numerator and denominator beside the Vietnamese ones of 0001.
ALTER TABLE indicators ADD period_basis NVARCHAR(32) NOT NULL CONSTRAINT df_indicators_period_basis DEFAULT 'periodAlone';
ALTER TABLE indicators ADD numerator_en NVARCHAR(MAX) NULL;
ALTER TABLE indicators ADD denominator_en NVARCHAR(MAX) NULL;
