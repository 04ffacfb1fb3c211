import type { Generated } from '@orderflow/postgres';

/** The payment service's tables as migrations/ create them (the typed view Kysely checks queries against). */
export interface PaymentTables {
  payments: {
    order_id: string;
    customer_id: string;
    /** bigint: pg returns it as a string. */
    amount_cents: string | number;
    currency: string;
    outcome: 'completed' | 'failed';
    gateway_ref: string | null;
    failure_reason: string | null;
    decided_at: Date;
    caused_by_event_id: string;
    recorded_at: Generated<Date>;
  };
  processed_events: {
    consumer_group: string;
    event_id: string;
    processed_at: Generated<Date>;
  };
  outbox: {
    id: string;
    aggregate_type: string;
    aggregate_id: string;
    event_type: string;
    payload: Buffer;
    correlation_id: string;
    causation_id: string;
    traceparent: string | null;
    created_at: Generated<Date>;
  };
}
