-- GET /api/v1/agencies/{code}/provisioning reads one agency's tasks: the newest first, without a scan of the table.
CREATE INDEX provisioning_task_agency ON provisioning_task (agency_code, id DESC);
