import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isOrderflowError } from '@orderflow/errors';

import { loadQueueTopology, queueDeclarations } from './queue-topology';

const fileWith = (text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'orderflow-queues-')), 'queues.yaml');
  writeFileSync(file, text);
  return file;
};

const SEND = `work-queues:
  notification.send:
    exchange: notifications
    routing-key: notification.send
    retry: [500ms, 10s, 5m]
    delivery-limit: 7
`;

describe('queues.yaml', () => {
  it('derives the delay tiers and the DLQ from the work queue, every name prefixed', () => {
    const { 'notification.send': queue } = loadQueueTopology('t-1.', fileWith(SEND));
    expect(queue).toEqual({
      name: 't-1.notification.send',
      exchange: 't-1.notifications',
      routingKey: 'notification.send',
      tiers: [
        { queue: 't-1.notification.send.retry-500ms', delayMs: 500, label: '500ms' },
        { queue: 't-1.notification.send.retry-10s', delayMs: 10_000, label: '10s' },
        { queue: 't-1.notification.send.retry-5m', delayMs: 300_000, label: '5m' },
      ],
      dlq: 't-1.notification.send.dlq',
      deliveryLimit: 7,
    });
  });

  it('declares quorum queues: the work queue dead-letters to the DLQ, each tier back to the exchange after its TTL', () => {
    const queue = loadQueueTopology('', fileWith(SEND))['notification.send'];
    if (queue === undefined) throw new Error('no queue');
    const declarations = Object.fromEntries(queueDeclarations(queue).map((d) => [d.name, d.arguments]));
    expect(declarations['notification.send']).toEqual({
      'x-queue-type': 'quorum',
      'x-delivery-limit': 7,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'notification.send.dlq',
    });
    expect(declarations['notification.send.retry-10s']).toEqual({
      'x-queue-type': 'quorum',
      'x-message-ttl': 10_000,
      'x-dead-letter-exchange': 'notifications',
      'x-dead-letter-routing-key': 'notification.send',
    });
    expect(declarations['notification.send.dlq']).toEqual({ 'x-queue-type': 'quorum' });
  });

  it('refuses a tier that is not a duration, naming the file', () => {
    const file = fileWith(SEND.replace('[500ms, 10s, 5m]', '[soon]'));
    let error: unknown;
    try {
      loadQueueTopology('', file);
    } catch (caught) {
      error = caught;
    }
    expect(isOrderflowError(error, 'TOPICS_FILE_INVALID')).toBe(true);
    expect(String((error as Error).message)).toContain(file);
  });

  it('reads the checkout queues.yaml with the notification work queue', () => {
    expect(Object.keys(loadQueueTopology())).toEqual(['notification.send']);
  });

  // Chaos case 3: under load the order service's view trailed payment.completed past 1s + 10s + 60s, and
  // confirmations already sent went to the DLQ over a "not caught up" MarkDeliveryStarted refusal.
  it('gives a notification job over 6 minutes of delay tiers before the DLQ', () => {
    const { 'notification.send': queue } = loadQueueTopology();
    const waitedMs = queue?.tiers.reduce((sum, tier) => sum + tier.delayMs, 0) ?? 0;
    expect(waitedMs).toBeGreaterThan(6 * 60_000);
  });
});
