import type { OutboxEvent } from '@orderflow/service-runtime';
import { postgresCall, type Kysely, type Selectable, type Transaction } from '@orderflow/postgres';

import type { PaymentTables } from './payment-tables';
import type { PaymentOutcome, PaymentRequest } from './payment.types';

type PaymentRow = Selectable<PaymentTables['payments']>;

/** What the ledger records for one handled event: which event, the charge's outcome, and what to announce. */
export interface LedgerEntry {
  group: string;
  eventId: string;
  request: PaymentRequest;
  outcome: PaymentOutcome;
  /** The events announcing the outcome that stands (the first recorded for the order), as outbox rows. */
  announce: (standing: PaymentOutcome) => Promise<OutboxEvent[]>;
}

export type LedgerResult = { state: 'recorded'; outcome: PaymentOutcome } | { state: 'duplicate' };

export const outcomeOf = (row: PaymentRow): PaymentOutcome => {
  const amount = { amountCents: Number(row.amount_cents), currency: row.currency };
  const recordedAt = row.decided_at.getTime();
  return row.outcome === 'completed'
    ? { status: 'completed', paymentId: row.gateway_ref ?? '', ...amount, recordedAt }
    : {
        status: 'failed',
        paymentId: row.gateway_ref,
        reason: row.failure_reason ?? '',
        ...amount,
        recordedAt,
      };
};

/**
 * The payment ledger in PostgreSQL: the inbox (processed_events), one payment row per order and the
 * outbox, written together. `record` is the whole effect of handling an event, in one transaction.
 */
export class PaymentLedgerRepository {
  constructor(private readonly db: Kysely<PaymentTables>) {}

  /** Whether the group has handled the event already: a duplicate needs no charge. */
  isProcessed(group: string, eventId: string): Promise<boolean> {
    return postgresCall('read the inbox', { group, eventId }, async () => {
      const row = await this.db
        .selectFrom('processed_events')
        .select('event_id')
        .where('consumer_group', '=', group)
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      return row !== undefined;
    });
  }

  /** The order's recorded outcome, if any. */
  find(orderId: string): Promise<PaymentOutcome | undefined> {
    return postgresCall('read the payment ledger', { orderId }, async () => {
      const row = await this.db
        .selectFrom('payments')
        .selectAll()
        .where('order_id', '=', orderId)
        .executeTakeFirst();
      return row && outcomeOf(row);
    });
  }

  /**
   * One transaction: the event into the inbox (a concurrent or earlier copy holds the key: nothing else
   * happens), the outcome into the ledger unless the order has one (the first stands), and the events
   * announcing the standing outcome into the outbox. The outbox rows are deleted again before the commit:
   * Debezium relays the inserts from the write-ahead log, which the replication slot keeps until relayed
   * (docs/outbox.md), so the table never grows.
   */
  record(entry: LedgerEntry): Promise<LedgerResult> {
    const { group, eventId, request } = entry;
    return postgresCall('record the payment', { group, eventId, orderId: request.orderId }, () =>
      this.db.transaction().execute(async (tx) => {
        const inbox = await tx
          .insertInto('processed_events')
          .values({ consumer_group: group, event_id: eventId })
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        if (inbox.numInsertedOrUpdatedRows === 0n) return { state: 'duplicate' as const };
        const standing = await this.recordFirst(tx, entry);
        const events = await entry.announce(standing);
        if (events.length > 0) {
          await tx
            .insertInto('outbox')
            .values(
              events.map((event) => ({
                id: event.eventId,
                aggregate_type: 'order',
                aggregate_id: event.key,
                event_type: event.topic,
                payload: event.value,
                correlation_id: event.correlationId,
                causation_id: event.causationId,
                traceparent: event.traceparent,
              })),
            )
            .execute();
          await tx
            .deleteFrom('outbox')
            .where(
              'id',
              'in',
              events.map((event) => event.eventId),
            )
            .execute();
        }
        return { state: 'recorded' as const, outcome: standing };
      }),
    );
  }

  private async recordFirst(tx: Transaction<PaymentTables>, entry: LedgerEntry): Promise<PaymentOutcome> {
    const { request, outcome } = entry;
    await tx
      .insertInto('payments')
      .values({
        order_id: request.orderId,
        customer_id: request.customerId,
        amount_cents: outcome.amountCents,
        currency: outcome.currency,
        outcome: outcome.status,
        gateway_ref: outcome.paymentId,
        failure_reason: outcome.status === 'failed' ? outcome.reason : null,
        decided_at: new Date(outcome.recordedAt ?? Date.now()),
        caused_by_event_id: entry.eventId,
      })
      .onConflict((conflict) => conflict.column('order_id').doNothing())
      .execute();
    const row = await tx
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', request.orderId)
      .executeTakeFirstOrThrow();
    return outcomeOf(row);
  }
}
