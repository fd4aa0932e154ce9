-- A provider reads who used its data from the audit log: every data-service entry names the provider department of
-- the resource in its details. Without an index that read scans the whole log, which grows by one entry per call.
CREATE INDEX audit_log_provider_idx ON audit_log ((details->>'providerDepartmentId'), id DESC);
