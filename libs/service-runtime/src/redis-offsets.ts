import type Redis from 'ioredis';

import { OrderflowError } from '@orderflow/errors';
import { storedOffsetKey } from '@orderflow/idempotency';
import type { BatchConsumer, KafkaClient, TopicPartitionOffset } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';
import { redisScript } from '@orderflow/redis';

/**
 * Each partition's next offset, kept in Redis beside the done markers and effects it vouches for. Redis
 * applies writes in order and an append-only file replays a prefix of them, so an offset that survived a
 * crash or failover proves that every effect written before it survived too. Kafka's committed offset
 * proves nothing about Redis: when Redis comes back *behind* it, the records in between are read again
 * and the done markers that survived skip what need not be redone.
 */
export interface RedisOffsets {
  /**
   * Partitions (re)assigned: each one's Kafka offset is compared with Redis's at once, idle ones included,
   * and a partition Redis is behind on is sought back to Redis's offset.
   */
  assigned(assignment: Record<string, number[]>): void;
  /**
   * Whether a batch may be processed: a partition's batches wait for its comparison, and a batch fetched
   * before a seek back is skipped. Throws (retriable) once Redis is no longer the instance the offsets
   * were compared on, or when the comparison failed: the consumer then restarts and compares again.
   */
  admit(batch: { topic: string; partition: number; firstOffset(): string | null }): Promise<boolean>;
  /** Writes next offsets before Kafka's commit; refuses (throws) if Redis restarted or failed over meanwhile. */
  save(offsets: TopicPartitionOffset[]): Promise<void>;
}

export interface RedisOffsetsOptions {
  redis: Redis;
  kafka: KafkaClient;
  /** The Kafka consumer group id (with the topic prefix). */
  groupId: string;
  /** The runtime's namespace prefix ('' in production). */
  keyPrefix: string;
  /** The group's name as declared in topics.yaml. */
  group: string;
  logger: Logger;
  /**
   * The consumer whose offsets these are: `seek` moves a partition's next read back; `stop` ends it once
   * Redis turns out to be another instance, so the transport starts a new consumer, which compares again.
   */
  consumer: Pick<BatchConsumer, 'seek' | 'stop'>;
}

// A restart or a failover gives Redis a new run_id; reading it in the same script as the offsets makes
// "these offsets came from that instance" atomic. A Redis that hides it ('') still gets its offsets
// compared at each assignment, only not a restart noticed in between.
const RUN_ID = `(string.match(redis.call('INFO', 'server'), 'run_id:(%x+)') or '')`;

/** KEYS the partitions' offset keys. Returns { run_id, then each stored offset or '' }. */
const readScript = redisScript(`
local reply = { ${RUN_ID} }
for i = 1, #KEYS do reply[i + 1] = redis.call('GET', KEYS[i]) or '' end
return reply
`);

/**
 * KEYS the partitions' offset keys; ARGV[1] the run_id the consumer compared on ('' if none yet), then
 * one next offset per key. Writes nothing on another instance. Returns { 1 | 0, run_id }.
 */
const saveScript = redisScript(`
local runId = ${RUN_ID}
if ARGV[1] ~= '' and runId ~= ARGV[1] then return { 0, runId } end
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1]) end
return { 1, runId }
`);

/** saveScript's contract, but a key already set keeps its value: a commit racing the seed stays ahead. */
const seedScript = redisScript(`
local runId = ${RUN_ID}
if ARGV[1] ~= '' and runId ~= ARGV[1] then return { 0, runId } end
for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1], 'NX') end
return { 1, runId }
`);

interface Assigned {
  topic: string;
  partition: number;
}

const partitionKey = ({ topic, partition }: Assigned): string => `${partition}:${topic}`;

export const createRedisOffsets = ({
  redis,
  kafka,
  groupId,
  keyPrefix,
  group,
  logger,
  consumer,
}: RedisOffsetsOptions): RedisOffsets => {
  const key = ({ topic, partition }: Assigned): string => storedOffsetKey(keyPrefix, group, topic, partition);
  /** Partitions whose first batch since the assignment has not been admitted yet. */
  const unadmitted = new Set<string>();
  /** The assignment's comparison: the offset each partition was sought back to. */
  let compared = Promise.resolve(new Map<string, string>());
  let instance = '';
  let replaced: OrderflowError | undefined;

  /**
   * Remembers the instance compared on. Another one may have lost writes this consumer has already read
   * past: the consumer stops, even between batches, and its successor compares every partition again.
   */
  const sameInstance = (runId: string): void => {
    if (instance === '') instance = runId;
    if (runId === instance) return;
    if (!replaced) {
      replaced = new OrderflowError(
        'DEPENDENCY_UNAVAILABLE',
        'Redis restarted or failed over since this consumer compared its offsets with Kafka; the consumer ' +
          'restarts to compare them again, so that writes Redis lost are redone.',
        { retriable: true, context: { dependency: 'Redis', group, comparedRunId: instance, runId } },
      );
      logger.warn('offsets.redis-replaced', { group, comparedRunId: instance, runId });
      consumer.stop().catch(() => undefined);
    }
    throw replaced;
  };

  const committedInKafka = async (topics: string[]): Promise<Map<string, bigint>> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const replies = await admin.fetchOffsets({ groupId, topics });
      return new Map(
        replies.flatMap(({ topic, partitions }) =>
          partitions.map(
            ({ partition, offset }) => [partitionKey({ topic, partition }), BigInt(offset)] as const,
          ),
        ),
      );
    } finally {
      await admin.disconnect();
    }
  };

  /**
   * Stores where each unseen partition starts, so that Redis losing everything after that is seen as a
   * rollback: a partition without a stored offset is otherwise taken for one never stored, and Kafka's
   * offset is trusted (chaos case 8: a failover to a replica that froze before the groups' first commits
   * of some partitions left 131 status views behind for good). Kafka's offset when it has one; else the
   * start of the partition, where a new group reads from (offset 0; below the log start it resets there).
   */
  const seed = async (partitions: Assigned[], offsets: string[]): Promise<void> => {
    if (partitions.length === 0) return;
    const [written, runId] = (await seedScript.run(redis, partitions.map(key), [instance, ...offsets])) as [
      number,
      string,
    ];
    if (written !== 1) sameInstance(runId);
  };

  /** Kafka first, then Redis: Redis is written first, so a commit racing this can only put Redis ahead. */
  const compare = async (partitions: Assigned[]): Promise<Map<string, string>> => {
    const sought = new Map<string, string>();
    if (partitions.length === 0) return sought;
    const committed = await committedInKafka([...new Set(partitions.map(({ topic }) => topic))]);
    const [runId = '', ...stored] = (await readScript.run(redis, partitions.map(key), [])) as string[];
    sameInstance(runId);
    const unseen: Assigned[] = [];
    const starts: string[] = [];
    partitions.forEach((assigned, index) => {
      const kafkaOffset = committed.get(partitionKey(assigned)) ?? -1n;
      const redisOffset = stored[index] ?? '';
      const fields = { group, topic: assigned.topic, partition: assigned.partition };
      if (redisOffset === '') {
        unseen.push(assigned);
        starts.push(kafkaOffset > 0n ? String(kafkaOffset) : '0');
      }
      if (kafkaOffset <= 0n) return;
      if (redisOffset === '') {
        logger.warn('offsets.not-in-redis', {
          ...fields,
          kafkaOffset: String(kafkaOffset),
          meaning:
            'no offset stored in Redis for this partition (first start with stored offsets, or Redis was ' +
            'emptied): Kafka is trusted that every effect before its offset is in Redis, and its offset ' +
            'is stored there from now on',
        });
        return;
      }
      if (BigInt(redisOffset) >= kafkaOffset) return;
      logger.error('offsets.rolled-back', {
        ...fields,
        redisOffset,
        kafkaOffset: String(kafkaOffset),
        recordsReadAgain: String(kafkaOffset - BigInt(redisOffset)),
        meaning: 'Redis lost writes that Kafka committed behind; reading them again redoes the lost effects',
      });
      consumer.seek({ ...assigned, offset: redisOffset });
      sought.set(partitionKey(assigned), redisOffset);
    });
    await seed(unseen, starts);
    return sought;
  };

  return {
    assigned(assignment) {
      const partitions = Object.entries(assignment).flatMap(([topic, numbers]) =>
        numbers.map((partition) => ({ topic, partition })),
      );
      unadmitted.clear();
      for (const assigned of partitions) unadmitted.add(partitionKey(assigned));
      compared = compare(partitions);
      // Failures surface at the partitions' next batch (admit), which restarts the consumer.
      compared.catch((error: unknown) => logger.warn('offsets.compare-failed', { group, error }));
    },

    async admit(batch) {
      if (replaced) throw replaced;
      const assigned = partitionKey(batch);
      if (!unadmitted.has(assigned)) return true;
      const target = (await compared).get(assigned);
      // Fetched before the seek back took effect: the next fetch starts at the target.
      if (target !== undefined && BigInt(batch.firstOffset() ?? target) > BigInt(target)) return false;
      unadmitted.delete(assigned);
      return true;
    },

    async save(offsets) {
      if (replaced) throw replaced;
      if (offsets.length === 0) return;
      const [written, runId] = (await saveScript.run(redis, offsets.map(key), [
        instance,
        ...offsets.map(({ offset }) => offset),
      ])) as [number, string];
      if (written === 1 && instance === '') instance = runId;
      if (written !== 1) sameInstance(runId);
    },
  };
};
