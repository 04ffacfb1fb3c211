import type { LedgerRow, RelayedRecord } from '../observe/relay-watch';
import { checkRelayOneToOne } from './relay-invariant';

const row = (orderId: string, outcome: LedgerRow['outcome'] = 'completed'): LedgerRow => ({
  orderId,
  outcome,
  recordedAt: 0,
});
const record = (
  orderId: string,
  eventId: string | undefined,
  topic: RelayedRecord['topic'] = 'payment.completed',
): RelayedRecord => ({ topic, orderId, eventId });

describe('checkRelayOneToOne', () => {
  it('passes a relay crash’s resends of the same event id and counts them as duplicates', () => {
    const result = checkRelayOneToOne(
      'C18',
      [row('o1'), row('o2', 'failed')],
      [record('o1', 'e1'), record('o1', 'e1'), record('o1', 'e1'), record('o2', 'e2', 'payment.failed')],
    );

    expect(result).toMatchObject({
      pass: true,
      counts: { ledgerRows: 2, relayedRecords: 4, distinctEventIds: 2, duplicateRecords: 2 },
    });
  });

  it('fails a ledger row never relayed, one relayed under two event ids or on the wrong topic, and a record without a row', () => {
    const result = checkRelayOneToOne(
      'C18',
      [row('lost'), row('twice'), row('wrong', 'failed')],
      [
        record('twice', 'e1'),
        record('twice', 'e2'),
        record('wrong', 'e3', 'payment.completed'),
        record('ghost', 'e4'),
        record('ghost', undefined),
      ],
    );

    expect(result.pass).toBe(false);
    expect(result.counts).toMatchObject({
      ledgerRowNotRelayed: 1,
      severalEventIds: 1,
      wrongTopic: 1,
      relayedWithoutLedgerRow: 1,
      noEventId: 1,
    });
  });
});
