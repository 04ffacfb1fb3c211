import type { Kafka } from 'kafkajs';

import type { NotificationSent } from '@orderflow/contracts';
import { startPipeline } from '@orderflow/e2e';
import type { KafkaAdmin } from '@orderflow/kafka';
import { readAllRecords, waitFor } from '@orderflow/testing';
import { consumerGroups, loadTopicsFile, type ConsumerGroupModel } from '@orderflow/topics';

import { benchProducer, deadlineFor, disconnectAll, sendInBatches } from '../bench-kafka';
import { compareTallies, tallyOf } from '../key-tally';
import { startStopwatch, throughputRow } from '../measure';
import type { RoundContext, RowResult } from '../round.types';
import { GENEROUS_STOCK, sampleOrder } from '../sample-orders';

export const R3_PIPELINE = 'whole pipeline: 4 groups, order.created → notification.sent';
const GROUPS = ['inventory', 'payment', 'notification', 'analytics'];

/** Sum over a group's topics of (log end − committed offset); 0 means it has consumed everything. */
const groupLag = async (admin: KafkaAdmin, group: ConsumerGroupModel, prefix: string): Promise<number> => {
  let lag = 0;
  const committed = await admin.fetchOffsets({ groupId: `${prefix}${group.name}`, topics: group.topics });
  for (const topic of group.topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const end of ends) {
      const at = Number(offsets.find((partition) => partition.partition === end.partition)?.offset ?? '-1');
      lag += Number(end.high) - Math.max(at, Number(end.low));
    }
  }
  return lag;
};

/**
 * R3c: the four consumer services in this process on a namespace of their own; N valid orders are
 * produced straight to order.created (the HTTP ingest is R4's) and timed until every group's committed
 * offsets reach the log ends of every topic it reads.
 */
export const pipelineRow = async (ctx: RoundContext, kafka: Kafka): Promise<RowResult> => {
  const producer = await benchProducer(kafka);
  const pipeline = await startPipeline(`bench-r3p-${ctx.repetition}`, {
    services: ['inventory', 'payment', 'notification', 'notificationSender', 'analytics'],
    unitsPerSku: GENEROUS_STOCK,
    overrides: { PAYMENT_SEED: 'bench' },
  });
  const { namespace, serde, stock } = pipeline;
  try {
    const skus = Object.keys(pipeline.initialStock);
    const orders = Array.from({ length: ctx.scaled(20) }, (_, index) => sampleOrder(index));
    const messages = await Promise.all(
      orders.map(async (order) => ({
        key: order.orderId,
        value: await serde.encode('order.created', order),
      })),
    );
    const groups = consumerGroups({ file: loadTopicsFile(), topicPrefix: namespace.prefix }).filter((group) =>
      GROUPS.includes(group.name),
    );
    const admin = await namespace.admin();
    ctx.progress(`pipeline: ${orders.length} orders through ${GROUPS.join(', ')}`);
    const stopwatch = startStopwatch();
    await sendInBatches(producer, `${namespace.prefix}order.created`, messages, 100);
    await waitFor(
      async () => {
        const notified = (await admin.fetchTopicOffsets(`${namespace.prefix}notification.sent`)).reduce(
          (sum, partition) => sum + Number(partition.high),
          0,
        );
        if (notified < orders.length) return undefined;
        for (const group of groups)
          if ((await groupLag(admin, group, namespace.prefix)) > 0) return undefined;
        return true;
      },
      {
        description: `${orders.length} orders through every group`,
        timeoutMs: deadlineFor(orders.length, 10),
        intervalMs: 50,
      },
    );
    const measurement = stopwatch.stop();

    const expected = tallyOf(orders.map((order) => order.orderId));
    const sent = await readAllRecords(namespace, 'notification.sent');
    let gate = compareTallies(expected, tallyOf(sent.map((record) => record.key?.toString() ?? '')));
    if (gate.ok) {
      const kinds = await Promise.all(
        sent.map(
          async (record) =>
            ((await serde.decode(record.value ?? Buffer.alloc(0))).value as NotificationSent).kind,
        ),
      );
      const unconfirmed = kinds.filter((kind) => kind !== 'ORDER_CONFIRMED').length;
      if (unconfirmed > 0) gate = { ok: false, detail: `${unconfirmed} orders not confirmed` };
    }
    if (gate.ok) {
      const ordered = new Map<string, number>();
      for (const order of orders) {
        for (const item of order.items) ordered.set(item.sku, (ordered.get(item.sku) ?? 0) + item.quantity);
      }
      const left = await stock.readStock(skus);
      const wrong = skus.filter((sku) => left[sku] !== GENEROUS_STOCK - (ordered.get(sku) ?? 0));
      gate =
        wrong.length > 0
          ? { ok: false, detail: `stock arithmetic off for ${wrong.join(', ')}` }
          : { ok: true, detail: `${gate.detail}; one notification.sent per order; stock exact` };
    }
    return throughputRow(R3_PIPELINE, 'orders/s', orders.length, measurement, gate);
  } finally {
    await disconnectAll(producer);
    await pipeline.close();
  }
};
