import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';

import { readAnalyticsConfig, startAnalytics } from '@orderflow/analytics';
import type { RunningService } from '@orderflow/consumer-runtime';
import type { NotificationSent } from '@orderflow/contracts';
import {
  readInventoryConfig,
  readStockSeedFile,
  startInventory,
  StockRepository,
} from '@orderflow/inventory';
import { readNotificationConfig, startNotification } from '@orderflow/notification';
import { readPaymentConfig, startPayment } from '@orderflow/payment';
import { createTestNamespace, provisionNamespace, readAllRecords, waitFor } from '@orderflow/testing';
import { consumerGroups, loadTopicsFile, type ConsumerGroupModel } from '@orderflow/topics';

import { benchProducer, deadlineFor, disconnectAll, sendInBatches } from '../bench-kafka';
import { compareTallies, tallyOf } from '../key-tally';
import { startStopwatch, throughputRow } from '../measure';
import type { RoundContext, RowResult } from '../round.types';
import { sampleOrder } from '../sample-orders';

export const R3_PIPELINE = 'whole pipeline: 4 groups, order.created → notification.sent';
const GROUPS = ['inventory', 'payment', 'notification', 'analytics'];
const GENEROUS_STOCK = 1_000_000_000;

/** Sum over a group's topics of (log end − committed offset); 0 means it has consumed everything. */
const groupLag = async (admin: Admin, group: ConsumerGroupModel, prefix: string): Promise<number> => {
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
  const namespace = createTestNamespace(`bench-r3p-${ctx.repetition}`);
  const services: RunningService[] = [];
  const redis = new Redis(ctx.settings.redisUrl);
  const producer = await benchProducer(kafka);
  try {
    const topicsFile = loadTopicsFile();
    const { serde } = await provisionNamespace(namespace, { topics: topicsFile });
    const stock = new StockRepository({ redis, topicPrefix: namespace.prefix });
    const skus = Object.keys(readStockSeedFile());
    await stock.setStock(Object.fromEntries(skus.map((sku) => [sku, GENEROUS_STOCK])));
    const env: Record<string, string | undefined> = {
      ...process.env,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      INVENTORY_PORT: '0',
      PAYMENT_PORT: '0',
      NOTIFICATION_PORT: '0',
      ANALYTICS_PORT: '0',
      LOG_LEVEL: 'error',
      PAYMENT_LATENCY_MS: '0',
      PAYMENT_FAILURE_RATE: '0',
      PAYMENT_SEED: 'bench',
      NOTIFICATION_SINK_FILE: join(mkdtempSync(join(tmpdir(), 'orderflow-bench-')), 'sent.jsonl'),
    };
    for (const start of [
      () => startInventory(readInventoryConfig(env)),
      () => startPayment(readPaymentConfig(env)),
      () => startNotification(readNotificationConfig(env)),
      () => startAnalytics(readAnalyticsConfig(env)),
    ]) {
      const service = await start();
      services.push(service);
      await service.whenConsuming();
    }

    const orders = Array.from({ length: ctx.scaled(20) }, (_, index) => sampleOrder(index));
    const messages = await Promise.all(
      orders.map(async (order) => ({
        key: order.orderId,
        value: await serde.encode('order.created', order),
      })),
    );
    const groups = consumerGroups({ file: topicsFile, topicPrefix: namespace.prefix }).filter((group) =>
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
    for (const service of services.reverse()) await service.close().catch(() => undefined);
    await disconnectAll(producer);
    redis.disconnect();
    await namespace.cleanup();
  }
};
