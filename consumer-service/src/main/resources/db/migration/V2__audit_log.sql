-- The audit subscription's log: every message on the topic, valid event or not, once.
CREATE TABLE audit_log (
    topic          text        NOT NULL,
    message_id     text        NOT NULL,
    event_id       text,
    event_type     text,
    event_key      text,
    consumer_name  text        NOT NULL,
    published_at   timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, message_id)
);

CREATE INDEX audit_log_event ON audit_log (event_id);
