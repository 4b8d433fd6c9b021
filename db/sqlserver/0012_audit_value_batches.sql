-- A bulk write (an import, a DHIS2 data value set, the demo load) audits the values of one submission in one entry:
-- entity 'valueBatch', with its unit and period, stands for the value entries first_id..id, one per change, kept in
-- `changes` as a JSON array of [indicator, disaggregation, action, reason, old value, old numerator,
-- old denominator, old comment, new value, new numerator, new denominator, new comment]. The audit trail's
-- readers expand it into the same entries a single-value row gives.
ALTER TABLE audit_log ADD first_id BIGINT NULL;
ALTER TABLE audit_log ADD changes NVARCHAR(MAX) NULL;
