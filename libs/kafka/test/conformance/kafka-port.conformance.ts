import {
  memberTopics,
  partitionOfKey,
  type KafkaAdmin,
  type KafkaRecord,
  type ReliableProducer,
  type ToolConsumer,
} from '@orderflow/kafka';
import { createTestNamespace, waitFor, type TestNamespace } from '@orderflow/testing';

import { offsetsOn, startRecordedMember, type RecordedMember } from './consumer-recorder';
import type { KafkaPort } from './kafka-port';

const WAIT = { timeoutMs: 30_000, intervalMs: 100 };

/** A probe over what a member has recorded so far (no I/O of its own). */
const settled =
  <T>(probe: () => T | undefined) =>
  (): Promise<T | undefined> =>
    Promise.resolve(probe());

/**
 * The behaviour the consumer runtime relies on, held against one client library on the real broker:
 * a second library dropped in behind `libs/kafka` must pass the same suite.
 */
export const describeKafkaPort = (port: KafkaPort): void => {
  describe(`Kafka port conformance: ${port.name}`, () => {
    let namespace: TestNamespace;
    let admin: KafkaAdmin;
    let producer: ReliableProducer;
    const members: RecordedMember[] = [];

    const topic = async (name: string, partitions: number): Promise<string> => {
      await namespace.createTopics([{ topic: name, partitions }]);
      return `${namespace.prefix}${name}`;
    };
    const member = async (options: Parameters<typeof startRecordedMember>[1]) => {
      const started = await startRecordedMember(port, options);
      members.push(started);
      return started;
    };
    const send = (physical: string, key: string, value: string, headers = {}) =>
      producer.send([{ topic: physical, key, value: Buffer.from(value), headers }]);
    /** A key the producers' partitioner puts on `partition`. */
    const keyOn = async (physical: string, partition: number): Promise<string> => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [physical] });
      const partitions = topics[0]?.partitions ?? [];
      for (let index = 0; ; index += 1) {
        if (partitionOfKey(physical, partitions, `key-${index}`) === partition) return `key-${index}`;
      }
    };

    beforeAll(async () => {
      namespace = createTestNamespace('kafka-port');
      admin = await port.connectAdmin();
      producer = port.producer();
    });

    afterEach(async () => {
      await Promise.all(members.splice(0).map((started) => started.disconnect()));
    });

    afterAll(async () => {
      await producer?.disconnect();
      await admin?.disconnect();
      await namespace?.cleanup();
    });

    it('produces idempotently: a batch appears once, in order, with consecutive offsets, as it answers', async () => {
      const physical = await topic('idempotent', 1);
      const values = Array.from({ length: 50 }, (_, index) => `v${index}`);
      const positions = await producer.send(
        values.map((value) => ({ topic: physical, key: 'one-key', value: Buffer.from(value), headers: {} })),
      );
      const reader = await member({ groupId: `${namespace.prefix}idempotent`, topics: [physical] });
      await waitFor(
        settled(() => (reader.deliveries.length >= values.length ? true : undefined)),
        {
          ...WAIT,
          description: 'the batch to be read back',
        },
      );
      const offsets = await admin.fetchTopicOffsets(physical);
      expect(offsets.map(({ high }) => high)).toEqual([String(values.length)]);
      expect(reader.deliveries.map(({ record }) => record.value?.toString())).toEqual(values);
      expect(offsetsOn(reader, 0)).toEqual(values.map((_, index) => String(index)));
      expect(positions).toEqual(values.map((_, index) => ({ partition: 0, offset: String(index) })));
    }, 60_000);

    it('commits the next offset, and a new member of the group starts there', async () => {
      const physical = await topic('commit', 1);
      const groupId = `${namespace.prefix}commit`;
      for (const value of ['a', 'b', 'c']) await send(physical, 'k', value);
      const first = await member({ groupId, topics: [physical] });
      await waitFor(
        settled(() => (first.deliveries.length >= 3 ? true : undefined)),
        {
          ...WAIT,
          description: 'three records',
        },
      );
      await first.consumer.commitOffsets([{ topic: physical, partition: 0, offset: '3' }]);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [physical] });
      expect(committed?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '3' })]);

      await first.disconnect();
      await send(physical, 'k', 'd');
      const second = await member({ groupId, topics: [physical] });
      await waitFor(
        settled(() => (second.deliveries.length >= 1 ? true : undefined)),
        {
          ...WAIT,
          description: 'the record after the commit',
        },
      );
      expect(second.deliveries.map(({ offset }) => offset)).toEqual(['3']);
    }, 90_000);

    it('pauses one partition while another flows, and resumes it from its first unresolved record', async () => {
      const physical = await topic('pause', 2);
      const [onPaused, onFlowing] = [await keyOn(physical, 0), await keyOn(physical, 1)];
      let resume: (() => void) | undefined;
      const reader = await member({
        groupId: `${namespace.prefix}pause`,
        topics: [physical],
        step: (batch, control) => {
          if (batch.partition !== 0 || resume) return Promise.resolve('resolve');
          resume = control.pause();
          return Promise.resolve('leave');
        },
      });
      await send(physical, onPaused, 'p0-first');
      await send(physical, onFlowing, 'p1-first');
      await waitFor(
        settled(() => (resume && offsetsOn(reader, 1).length >= 1 ? true : undefined)),
        {
          ...WAIT,
          description: 'partition 0 paused and partition 1 read',
        },
      );

      await send(physical, onPaused, 'p0-second');
      await send(physical, onFlowing, 'p1-second');
      await waitFor(
        settled(() => (offsetsOn(reader, 1).length >= 2 ? true : undefined)),
        {
          ...WAIT,
          description: 'partition 1 to keep flowing',
        },
      );
      expect(offsetsOn(reader, 0)).toEqual(['0']);

      resume?.();
      await waitFor(
        settled(() => (offsetsOn(reader, 0).includes('1') ? true : undefined)),
        {
          ...WAIT,
          description: 'partition 0 to resume',
        },
      );
      // Nothing of partition 0 was resolved before the pause: its first record comes again.
      expect(offsetsOn(reader, 0)).toEqual(['0', '0', '1']);
    }, 60_000);

    it('re-delivers from an earlier offset after a seek back', async () => {
      const physical = await topic('seek', 1);
      for (const value of ['a', 'b', 'c']) await send(physical, 'k', value);
      const reader = await member({ groupId: `${namespace.prefix}seek`, topics: [physical] });
      await waitFor(
        settled(() => (reader.deliveries.length >= 3 ? true : undefined)),
        {
          ...WAIT,
          description: 'three records',
        },
      );
      reader.consumer.seek({ topic: physical, partition: 0, offset: '1' });
      await waitFor(
        settled(() => (reader.deliveries.length >= 5 ? true : undefined)),
        {
          ...WAIT,
          description: 'the records after the seek target again',
        },
      );
      expect(offsetsOn(reader, 0)).toEqual(['0', '1', '2', '1', '2']);
    }, 60_000);

    it('reports a rebalance to both members when a second one joins, and splits the partitions', async () => {
      const physical = await topic('rebalance', 2);
      const groupId = `${namespace.prefix}rebalance`;
      const first = await member({ groupId, topics: [physical] });
      await waitFor(
        settled(() => (first.latestAssignment()?.[physical]?.length === 2 ? true : undefined)),
        {
          ...WAIT,
          description: 'the first member to own both partitions',
        },
      );
      const second = await member({ groupId, topics: [physical] });
      await waitFor(
        settled(() =>
          first.latestAssignment()?.[physical]?.length === 1 &&
          second.latestAssignment()?.[physical]?.length === 1
            ? true
            : undefined,
        ),
        { ...WAIT, description: 'one partition each' },
      );
      const owned = [...first.latestAssignment()![physical]!, ...second.latestAssignment()![physical]!];
      expect(owned.sort()).toEqual([0, 1]);
      expect(first.joins.length).toBeGreaterThanOrEqual(2);
    }, 90_000);

    it("puts a tool producer's keys where partitionOfKey says, and a tool consumer reads them back as records", async () => {
      const physical = await topic('tool', 3);
      const kafka = port.client();
      const sender = kafka.producer({ idempotent: true });
      await sender.connect();
      const keys = ['order-1', 'order-2', 'order-3', 'order-4'];
      const written = await sender
        .send({
          topic: physical,
          messages: keys.map((key) => ({ key, value: `v-${key}`, headers: { h: key } })),
        })
        .finally(() => sender.disconnect());
      expect(written.length).toBeGreaterThan(0);

      const { topics } = await admin.fetchTopicMetadata({ topics: [physical] });
      const partitions = topics[0]?.partitions ?? [];
      const reader: ToolConsumer = kafka.consumer({ groupId: `${namespace.prefix}tool` });
      const read: KafkaRecord[] = [];
      await reader.connect();
      try {
        await reader.subscribe({ topics: [physical], fromBeginning: true });
        await reader.run({ eachMessage: (record) => Promise.resolve(void read.push(record)) });
        await waitFor(
          settled(() => (read.length >= keys.length ? true : undefined)),
          { ...WAIT, description: 'the four records' },
        );
        const [group] = (await admin.describeGroups([`${namespace.prefix}tool`])).groups;
        expect(group?.members.flatMap((member) => memberTopics(member.memberMetadata))).toEqual([physical]);
      } finally {
        await reader.disconnect();
      }
      for (const key of keys) {
        const record = read.find((candidate) => candidate.key?.toString() === key);
        expect(record).toEqual({
          topic: physical,
          partition: partitionOfKey(physical, partitions, key),
          offset: expect.any(String) as string,
          timestamp: expect.any(String) as string,
          key: Buffer.from(key),
          value: Buffer.from(`v-${key}`),
          headers: { h: Buffer.from(key) },
        });
      }
    }, 60_000);

    it('round-trips text and binary headers byte for byte', async () => {
      const physical = await topic('headers', 1);
      const binary = Buffer.from([0, 255, 128, 10, 13, 0]);
      await send(physical, 'k', 'v', { text: 'héllo wörld', binary, repeated: ['one', 'two'] });
      const reader = await member({ groupId: `${namespace.prefix}headers`, topics: [physical] });
      const [delivery] = await waitFor(
        settled(() => (reader.deliveries.length >= 1 ? reader.deliveries : undefined)),
        { ...WAIT, description: 'the record with headers' },
      );
      const headers = delivery!.record.headers ?? {};
      expect(Buffer.from(headers.text as Buffer).toString('utf8')).toBe('héllo wörld');
      expect(Buffer.from(headers.binary as Buffer).equals(binary)).toBe(true);
      expect((headers.repeated as Buffer[]).map((value) => value.toString())).toEqual(['one', 'two']);
    }, 60_000);
  });
};
