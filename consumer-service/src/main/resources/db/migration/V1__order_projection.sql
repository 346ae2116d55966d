-- The order projection: one row per order, in the state its events have led to.
CREATE TABLE orders (
    order_id       varchar(64)    PRIMARY KEY,
    customer_id    varchar(64)    NOT NULL,
    status         varchar(16)    NOT NULL CHECK (status IN ('PLACED', 'PAID', 'CANCELLED')),
    total          numeric(19, 4) NOT NULL,
    currency       char(3)        NOT NULL,
    line_count     integer        NOT NULL,
    payment_id     varchar(64),
    cancel_reason  varchar(512),
    placed_at      timestamptz    NOT NULL,
    paid_at        timestamptz,
    cancelled_at   timestamptz,
    -- Events applied to this order: a redelivered or re-published event must not raise it.
    version        integer        NOT NULL,
    last_event_id  text           NOT NULL,
    updated_at     timestamptz    NOT NULL DEFAULT now()
);

-- Every event the projection applied, written in the same transaction as its effect.
-- CloudEvents make source + id unique per event, so they are the key.
CREATE TABLE applied_events (
    source      text         NOT NULL,
    event_id    text         NOT NULL,
    event_type  text         NOT NULL,
    order_id    varchar(64)  NOT NULL,
    applied_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (source, event_id)
);

CREATE INDEX applied_events_order ON applied_events (order_id);
