import type { KafkaRecord } from '@orderflow/kafka';
import { createTestNamespace, produceRecords, waitFor } from '@orderflow/testing';

import { createInspectKafka, tailTopic } from '../src';

// `orderflow tail` is this function plus formatting (tested on its own); here it follows a real topic.
describe('tailTopic', () => {
  const namespace = createTestNamespace('inspect-tail');
  const topic = `${namespace.prefix}order.created`;
  const kafka = createInspectKafka({ brokers: namespace.settings.kafkaBrokers });

  beforeAll(() => namespace.createTopics([{ topic: 'order.created', partitions: 2 }]));
  afterAll(() => namespace.cleanup());

  const brokerGroups = async (): Promise<string[]> =>
    (await (await namespace.admin()).listGroups()).groups.map(({ groupId }) => groupId);
  // The groups this test's tails join: other runs on the same broker may be tailing at the same time, so
  // only these are checked.
  const consumersCreated = jest.spyOn(kafka, 'consumer');
  const tailGroups = (): string[] => consumersCreated.mock.calls.map(([config]) => config.groupId);

  /** Tails until `enough` says so, then aborts and waits for the tail to clean up. */
  const tailUntil = async (
    options: Pick<Parameters<typeof tailTopic>[0], 'fromBeginning' | 'partition' | 'offset'>,
    enough: (records: KafkaRecord[]) => boolean,
    whileTailing: () => Promise<void> = () => Promise.resolve(),
  ): Promise<KafkaRecord[]> => {
    const records: KafkaRecord[] = [];
    const abort = new AbortController();
    const tailing = tailTopic({
      kafka,
      topic,
      ...options,
      signal: abort.signal,
      onRecord: (record) => Promise.resolve(void records.push(record)),
    });
    try {
      await whileTailing();
      await waitFor(() => Promise.resolve(enough(records) ? true : undefined), {
        description: 'the tail to see the records',
        timeoutMs: 20_000,
      });
    } finally {
      abort.abort();
      await tailing;
    }
    return records;
  };

  it('follows the topic from the beginning with key, headers and bytes, and leaves no group behind', async () => {
    await produceRecords(namespace, 'order.created', [
      { key: 'order-1', value: Buffer.from([0, 1, 2]), headers: { 'correlation-id': 'corr-1' } },
      { key: 'order-2', value: null },
    ]);
    const later = { key: 'order-3', value: Buffer.from('later') };

    const records = await tailUntil(
      { fromBeginning: true },
      (seen) => seen.length >= 3,
      () => produceRecords(namespace, 'order.created', [later]),
    );

    const byKey = new Map(records.map((record) => [record.key?.toString(), record]));
    expect([...byKey.keys()].sort()).toEqual(['order-1', 'order-2', 'order-3']);
    expect(byKey.get('order-1')).toMatchObject({
      topic,
      headers: { 'correlation-id': Buffer.from('corr-1') },
      value: Buffer.from([0, 1, 2]),
    });
    expect(byKey.get('order-2')?.value).toBeNull();
    expect(byKey.get('order-3')?.value?.toString()).toBe('later');
    expect(tailGroups()).toHaveLength(1);
    expect(tailGroups()[0]).toMatch(/^orderflow-inspect-tail-/);
    expect(await brokerGroups()).not.toContain(tailGroups()[0]);
  });

  it('starts at an offset of one partition and shows only that partition', async () => {
    // One key, so both records land on one partition, one after the other.
    await produceRecords(namespace, 'order.created', [
      { key: 'order-4', value: Buffer.from('first') },
      { key: 'order-4', value: Buffer.from('second') },
    ]);
    const all = await tailUntil(
      { fromBeginning: true },
      (seen) => seen.filter((record) => record.key?.toString() === 'order-4').length === 2,
    );
    const second = all.find((record) => record.value?.toString() === 'second')!;

    const records = await tailUntil(
      { partition: second.partition, offset: Number(second.offset) },
      (seen) => seen.length >= 1,
    );

    expect(records.every((record) => record.partition === second.partition)).toBe(true);
    expect(records[0]).toMatchObject({ offset: second.offset, value: Buffer.from('second') });
  });

  it('refuses an offset without its partition', async () => {
    await expect(
      tailTopic({
        kafka,
        topic,
        offset: 3,
        signal: new AbortController().signal,
        onRecord: () => Promise.resolve(),
      }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
