import { createRequire } from 'node:module';

// KafkaJS's own consumer-group pieces, patched (patches/kafkajs+2.2.4.patch) to follow a coordinator that
// moved: the upstream fix is tulios/kafkajs#1779, open and unreleased.
const fromKafkajs = createRequire(require.resolve('kafkajs'));
const { isRebalancing } = fromKafkajs('./src/errors') as { isRebalancing: (error: unknown) => boolean };
const { createErrorFromCode } = fromKafkajs('./src/protocol/error') as {
  createErrorFromCode: (code: number) => Error;
};
const OffsetManager = fromKafkajs('./src/consumer/offsetManager') as new (options: object) => {
  commitOffsets(offsets: { topics: object[] }): Promise<void>;
};

// Kafka's error codes.
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const COORDINATOR_LOADING = 14;
const NOT_COORDINATOR = 16;

interface FakeCoordinator {
  nodeId: number;
  commits: object[];
  isConnected(): boolean;
  offsetCommit(payload: object): Promise<void>;
}

/** A broker that answers OffsetCommit with `errorCode`, or takes the commit when there is none. */
const broker = (nodeId: number, errorCode?: number): FakeCoordinator => {
  const commits: object[] = [];
  return {
    nodeId,
    commits,
    isConnected: () => true,
    offsetCommit: (payload) => {
      if (errorCode !== undefined) return Promise.reject(createErrorFromCode(errorCode));
      commits.push(payload);
      return Promise.resolve();
    },
  };
};

const offsets = { topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '42' }] }] };

const offsetManagerOn = (coordinator: FakeCoordinator, current: () => FakeCoordinator) => {
  const lookups: string[] = [];
  const cluster = {
    refreshMetadata: () => Promise.resolve(),
    findGroupCoordinator: ({ groupId }: { groupId: string }) => {
      lookups.push(groupId);
      return Promise.resolve(current());
    },
    findBroker: () => Promise.resolve(coordinator),
    // The cluster keeps the group's committed offsets; the manager writes what it committed there.
    committedOffsets: () => ({}),
  };
  const manager = new OffsetManager({
    cluster,
    topicConfigurations: [],
    instrumentationEmitter: { emit: () => undefined },
    memberAssignment: { orders: [0] },
    autoCommit: false,
    coordinator,
    groupId: 'notification',
    generationId: 3,
    memberId: 'member-1',
  });
  return { manager, lookups };
};

describe('KafkaJS consumer group when its coordinator moves (patched)', () => {
  it('asks the cluster for the coordinator after NOT_COORDINATOR, so the next commit reaches it', async () => {
    // Broker 1 led the group's __consumer_offsets partition until a preferred-leader election moved it.
    const moved = broker(3);
    const { manager, lookups } = offsetManagerOn(broker(1, NOT_COORDINATOR), () => moved);

    await expect(manager.commitOffsets(offsets)).rejects.toMatchObject({ type: 'NOT_COORDINATOR_FOR_GROUP' });
    expect(lookups).toEqual(['notification']);
    // Unpatched, every later commit went to broker 1 again, each failing the same way (56 minutes in the soak).
    await manager.commitOffsets(offsets);
    expect(moved.commits).toEqual([
      expect.objectContaining({ groupId: 'notification', groupGenerationId: 3, topics: offsets.topics }),
    ]);
  });

  it('asks the cluster for the coordinator when the one it knew is disconnected, not the same broker again', async () => {
    const killed = { ...broker(2), isConnected: () => false };
    const moved = broker(1);
    const { manager, lookups } = offsetManagerOn(killed, () => moved);

    await manager.commitOffsets(offsets);
    expect(lookups).toEqual(['notification']);
    expect(moved.commits).toHaveLength(1);
  });

  it('takes a coordinator still loading the group for a rebalance: the join is retried, not given up', () => {
    expect(isRebalancing(createErrorFromCode(COORDINATOR_LOADING))).toBe(true);
    expect(isRebalancing(createErrorFromCode(NOT_COORDINATOR))).toBe(true);
    expect(isRebalancing(createErrorFromCode(UNKNOWN_TOPIC_OR_PARTITION))).toBe(false);
  });
});
