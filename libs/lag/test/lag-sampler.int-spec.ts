import { createLagSampler, createLagTracker, renderLagExposition } from '@orderflow/lag';
import { createTestNamespace, kafkaFor, type TestNamespace } from '@orderflow/testing';

/** Produces to one given partition: the test must know where the lag is. */
const produceToPartition = async (
  namespace: TestNamespace,
  topic: string,
  partition: number,
  count: number,
) => {
  const producer = kafkaFor(namespace, 'orderflow-test-lag').producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, index) => ({
        partition,
        key: `k${index}`,
        value: `v${index}`,
      })),
    });
  } finally {
    await producer.disconnect();
  }
};

describe('lag sampler on the real broker', () => {
  let namespace: TestNamespace;
  let topic: string;
  let group: string;

  beforeAll(async () => {
    namespace = createTestNamespace('lag');
    topic = `${namespace.prefix}lagged`;
    group = `${namespace.prefix}stopped-group`;
    await namespace.createTopics([{ topic: 'lagged', partitions: 2 }]);
  });

  afterAll(async () => {
    const admin = await namespace.admin();
    await admin.deleteGroups([group]).catch(() => undefined);
    await namespace.cleanup();
  });

  it('reports N-K lag on the committed partition, a stopped group, and the kafka_exporter lines', async () => {
    await produceToPartition(namespace, topic, 1, 7);
    const admin = await namespace.admin();
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 1, offset: '3' }] });

    const sampler = createLagSampler({ admin, groups: [group] });
    const tracker = createLagTracker();
    tracker.observe(await sampler.sample());
    const report = tracker.observe(await sampler.sample());

    expect(report.groups).toHaveLength(1);
    const [lagged] = report.groups;
    expect(lagged).toMatchObject({ group, members: 0, status: 'stopped' });
    expect(lagged?.partitions).toEqual([
      expect.objectContaining({ topic, partition: 1, committedOffset: 3, logEndOffset: 7, lag: 4 }),
    ]);
    expect(report.topics).toEqual([
      { topic, partition: 0, logEndOffset: 0, oldestOffset: 0 },
      { topic, partition: 1, logEndOffset: 7, oldestOffset: 0 },
    ]);

    const lines = (await renderLagExposition(report)).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `kafka_consumergroup_lag{consumergroup="${group}",partition="1",topic="${topic}"} 4`,
        `kafka_consumergroup_current_offset{consumergroup="${group}",partition="1",topic="${topic}"} 3`,
        `kafka_consumergroup_members{consumergroup="${group}"} 0`,
        `kafka_topic_partition_current_offset{partition="1",topic="${topic}"} 7`,
        `kafka_topic_partition_oldest_offset{partition="1",topic="${topic}"} 0`,
        `kafka_consumergroup_status{consumergroup="${group}",status="stopped"} 1`,
      ]),
    );
  });
});
