-- Up Migration

-- The ledger: one row per order, the first gateway decision recorded for it. Amounts in minor units.
create table payments (
  order_id text primary key,
  customer_id text not null,
  amount_cents bigint not null check (amount_cents >= 0),
  currency char(3) not null,
  outcome text not null check (outcome in ('completed', 'failed')),
  -- The gateway's reference for the charge (absent when the gateway declined before creating one).
  gateway_ref text,
  failure_reason text,
  -- When the gateway answered, and the inventory.reserved event that caused the charge.
  decided_at timestamptz not null,
  caused_by_event_id text not null,
  recorded_at timestamptz not null default now(),
  check ((outcome = 'failed') = (failure_reason is not null))
);

-- The inbox: an event a consumer group has handled. Inserted in the transaction that records the
-- event's effects, so "seen" and "done" cannot disagree; a duplicate delivery ends at this key.
create table processed_events (
  consumer_group text not null,
  event_id text not null,
  processed_at timestamptz not null default now(),
  primary key (consumer_group, event_id)
);

-- The transactional outbox, relayed by Debezium from the write-ahead log (docs/outbox.md). The row is
-- deleted in the transaction that inserts it: the relay reads the insert from the WAL, never the table.
create table outbox (
  id uuid primary key,
  aggregate_type text not null,
  aggregate_id text not null,
  event_type text not null,
  payload bytea not null,
  correlation_id text not null,
  causation_id text not null,
  traceparent text,
  created_at timestamptz not null default now()
);

-- Inserts only: a delete reaching the event router would be dropped with a warning anyway.
create publication orderflow_outbox for table outbox with (publish = 'insert');

-- Down Migration

drop publication if exists orderflow_outbox;
drop table outbox;
drop table processed_events;
drop table payments;
