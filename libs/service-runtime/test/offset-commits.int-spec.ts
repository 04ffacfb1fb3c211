import type { AvroSerde } from '@orderflow/registry';
import { produceRecords, waitFor, type TestNamespace } from '@orderflow/testing';

import { anOrder, startProbe } from './runtime-test-kit';

/** The probe group's committed offset of order.created's one partition, as the broker has it. */
const committedOffset = async (namespace: TestNamespace): Promise<number> => {
  const [topic] = await (
    await namespace.admin()
  ).fetchOffsets({ groupId: `${namespace.prefix}probe`, topics: [`${namespace.prefix}order.created`] });
  return Number(topic?.partitions[0]?.offset ?? -1);
};

const produceOrders = async (namespace: TestNamespace, serde: AvroSerde, ids: string[]) =>
  produceRecords(
    namespace,
    'order.created',
    await Promise.all(
      ids.map(async (id) => ({
        key: id,
        value: await serde.encode('order.created', anOrder(id)),
      })),
    ),
  );

// Offsets are committed on an interval, not after every batch: they must still reach the broker while the
// consumer idles, and at shutdown before the interval comes round.
describe('consumer runtime: offset commits', () => {
  it('commits what was handled within the interval, with no further records arriving', async () => {
    const probe = await startProbe('runtime-commit-interval', { consumer: { commitIntervalMs: 200 } });
    try {
      await produceOrders(probe.namespace, probe.serde, ['order-1', 'order-2', 'order-3']);
      await waitFor(() => Promise.resolve(probe.calls.length === 3 ? true : undefined), {
        description: 'three records handled',
        timeoutMs: 20_000,
      });
      await waitFor(async () => ((await committedOffset(probe.namespace)) === 3 ? true : undefined), {
        description: 'the offset after the third record committed',
        timeoutMs: 10_000,
      });
    } finally {
      await probe.close();
    }
  });

  it('commits what was handled when the service stops, before the interval comes round', async () => {
    const probe = await startProbe('runtime-commit-close', { consumer: { commitIntervalMs: 60_000 } });
    let closed = false;
    try {
      await produceOrders(probe.namespace, probe.serde, ['order-1', 'order-2']);
      await waitFor(() => Promise.resolve(probe.calls.length === 2 ? true : undefined), {
        description: 'two records handled',
        timeoutMs: 20_000,
      });
      expect(await committedOffset(probe.namespace)).toBe(-1);
      await probe.service.close();
      closed = true;
      expect(await committedOffset(probe.namespace)).toBe(2);
    } finally {
      if (!closed) await probe.service.close();
      await probe.namespace.cleanup();
    }
  });
});
