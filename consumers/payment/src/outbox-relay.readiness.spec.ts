import type { ConnectorStatus } from '@orderflow/connect';

import { outboxRelayReadiness } from './outbox-relay.readiness';

const running: ConnectorStatus = {
  name: 'payments-outbox',
  connector: { state: 'RUNNING', worker_id: 'w' },
  tasks: [{ id: 0, state: 'RUNNING', worker_id: 'w' }],
};

describe('outboxRelayReadiness', () => {
  it('reports the connector and its tasks when it relays', async () => {
    const check = outboxRelayReadiness('payments-outbox', () => Promise.resolve(running));
    await expect(check()).resolves.toEqual({
      connector: 'payments-outbox',
      relaying: true,
      state: 'payments-outbox RUNNING, task 0 RUNNING',
    });
  });

  it('never fails readiness: a missing connector or a worker that does not answer is a detail', async () => {
    await expect(outboxRelayReadiness('c', () => Promise.resolve(undefined))()).resolves.toEqual({
      connector: 'c',
      relaying: false,
      state: 'no such connector',
    });
    await expect(
      outboxRelayReadiness('c', () => Promise.reject(new Error('Kafka Connect at x does not answer.')))(),
    ).resolves.toEqual({
      connector: 'c',
      relaying: false,
      state: 'unknown: Kafka Connect at x does not answer.',
    });
  });
});
