import type { InventoryReserved, OrderCreated } from '@orderflow/contracts';
import type { KafkaRecord } from '@orderflow/kafka';
import { FAILURE_HEADER } from '@orderflow/retry';
import { produceRecords, readAllRecords, waitFor } from '@orderflow/testing';

import { startPipeline, type Pipeline } from '../src';

const header = (message: KafkaRecord, name: string): string | undefined =>
  (message.headers?.[name] as Buffer | undefined)?.toString();

/** Framing, four empty leading fields, then 2^31-1 claimed array items: 14 bytes. */
const arrayCountBomb = (schemaId: number): Buffer => {
  const bomb = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0x0f]);
  bomb.writeInt32BE(schemaId, 1);
  return bomb;
};

/** The one partition a test wrote `count` records to, and its end offset once they are in. */
const writtenPartition = async (pipeline: Pipeline, topic: string, count: number): Promise<number> => {
  const offsets = await (
    await pipeline.namespace.admin()
  ).fetchTopicOffsets(`${pipeline.namespace.prefix}${topic}`);
  const written = offsets.filter((partition) => Number(partition.high) === count);
  expect(written).toHaveLength(1);
  return written[0]!.partition;
};

/** Waits until every group committed `offset` on the partition: each read past the poison record. */
const waitForCommits = async (
  pipeline: Pipeline,
  {
    groups,
    topic,
    partition,
    offset,
  }: { groups: string[]; topic: string; partition: number; offset: number },
): Promise<void> => {
  const admin = await pipeline.namespace.admin();
  await waitFor(
    async () => {
      for (const group of groups) {
        const [committed] = await admin.fetchOffsets({
          groupId: `${pipeline.namespace.prefix}${group}`,
          topics: [`${pipeline.namespace.prefix}${topic}`],
        });
        const at = committed?.partitions.find((entry) => entry.partition === partition)?.offset;
        if (Number(at ?? -1) < offset) return undefined;
      }
      return true;
    },
    {
      description: `${groups.join(', ')} to commit ${topic}[${partition}] past offset ${offset - 1}`,
      timeoutMs: 60_000,
    },
  );
};

/** The group's DLQ holds this one record, first delivery, with its original coordinates. */
const expectDeadLetteredOnce = async (
  pipeline: Pipeline,
  { group, key, topic, partition }: { group: string; key: string; topic: string; partition: number },
): Promise<void> => {
  const dead = (await readAllRecords(pipeline.namespace, `${group}.dlq`)).filter(
    (record) => record.key?.toString() === key,
  );
  expect({ group, copies: dead.length }).toEqual({ group, copies: 1 });
  const [copy] = dead as [KafkaRecord];
  expect({
    group,
    attempts: header(copy, FAILURE_HEADER.attempts),
    code: header(copy, FAILURE_HEADER.errorCode),
    topic: header(copy, FAILURE_HEADER.originalTopic),
    partition: header(copy, FAILURE_HEADER.originalPartition),
    offset: header(copy, FAILURE_HEADER.originalOffset),
  }).toEqual({
    group,
    attempts: '1',
    code: 'MESSAGE_UNDECODABLE',
    topic,
    partition: String(partition),
    offset: '0',
  });
};

describe('poison records on the real services', () => {
  describe('order.created', () => {
    let pipeline: Pipeline;

    beforeAll(async () => {
      pipeline = await startPipeline('poison-array-bomb', { services: ['inventory', 'analytics'] });
    });

    afterAll(() => pipeline.close());

    it('a 14-byte array-count bomb reaches each group’s DLQ and consumption goes on (F3)', async () => {
      const key = 'order-after-bomb';
      const order: OrderCreated = {
        eventId: 'evt-after-bomb',
        occurredAt: Date.now(),
        orderId: key,
        customerId: 'customer-1',
        items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPriceCents: 500 }],
        currency: 'EUR',
        totalCents: 500,
        channel: 'WEB',
        couponCode: null,
      };
      const valid = await pipeline.serde.encode('order.created', order);
      const bomb = arrayCountBomb(valid.readInt32BE(1));
      expect(bomb).toHaveLength(14);
      const started = Date.now();
      // Same key, so the same partition: the valid order is read only after the bomb.
      await produceRecords(pipeline.namespace, 'order.created', [
        { key, value: bomb },
        { key, value: valid },
      ]);
      const partition = await writtenPartition(pipeline, 'order.created', 2);

      await waitForCommits(pipeline, {
        groups: ['inventory', 'analytics'],
        topic: 'order.created',
        partition,
        offset: 2,
      });
      console.log(
        `[F3] both groups committed past the bomb and the order behind it in ${Date.now() - started} ms`,
      );
      for (const group of ['inventory', 'analytics']) {
        await expectDeadLetteredOnce(pipeline, { group, key, topic: 'order.created', partition });
      }
    });
  });

  describe('inventory.reserved', () => {
    let pipeline: Pipeline;
    const groups = ['payment', 'analytics', 'order-api'];

    beforeAll(async () => {
      pipeline = await startPipeline('poison-header-bomb', {
        services: ['orderApi', 'payment', 'analytics'],
      });
    });

    afterAll(() => pipeline.close());

    it('a record with 16 000 headers reaches each group’s DLQ, lag keeps moving and no member is evicted (F6)', async () => {
      const admin = await pipeline.namespace.admin();
      const groupIds = groups.map((group) => `${pipeline.namespace.prefix}${group}`);
      const membersOf = async () =>
        (await admin.describeGroups(groupIds)).groups.map(({ groupId, state, members }) => ({
          groupId,
          state,
          members: members.map((member) => member.memberId).sort(),
        }));
      const membersBefore = await membersOf();

      const key = 'order-after-headers';
      const reserved: InventoryReserved = {
        eventId: 'evt-after-headers',
        occurredAt: Date.now(),
        orderId: key,
        customerId: 'customer-1',
        lines: [{ sku: 'SKU-BOOK-001', quantity: 1 }],
        totalCents: 500,
        currency: 'EUR',
      };
      const valid = await pipeline.serde.encode('inventory.reserved', reserved);
      const headers = Object.fromEntries(Array.from({ length: 16_000 }, (_, index) => [`h${index}`, 'v']));
      const started = Date.now();
      await produceRecords(pipeline.namespace, 'inventory.reserved', [
        { key, value: arrayCountBomb(valid.readInt32BE(1)), headers },
        { key, value: valid },
      ]);
      const partition = await writtenPartition(pipeline, 'inventory.reserved', 2);

      await waitForCommits(pipeline, { groups, topic: 'inventory.reserved', partition, offset: 2 });
      console.log(`[F6] three groups committed past the 16 000-header record in ${Date.now() - started} ms`);
      for (const group of groups) {
        await expectDeadLetteredOnce(pipeline, { group, key, topic: 'inventory.reserved', partition });
      }
      // An evicted member ("the coordinator is not aware of this member") rejoins under a new member id.
      expect(await membersOf()).toEqual(membersBefore);
    });
  });
});
