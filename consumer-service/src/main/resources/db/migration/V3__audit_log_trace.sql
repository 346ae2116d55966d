-- The trace the message belongs to, continued from its traceparent property: finds the
-- request that produced an event, and the event a request produced.
ALTER TABLE audit_log ADD COLUMN trace_id text;

CREATE INDEX audit_log_trace ON audit_log (trace_id);
