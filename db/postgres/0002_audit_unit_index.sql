-- The value audit trail filtered by unit (and period) without an indicator: GET /api/v1/values/audit?unit=.
CREATE INDEX ix_audit_unit ON audit_log (unit_id, period);
