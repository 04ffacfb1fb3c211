import { readFileSync, existsSync } from 'node:fs';

import Redis from 'ioredis';

import { resolveAmqpUrl } from '@orderflow/config';
import { TOPICS, type Topic } from '@orderflow/contracts';
import type { KafkaRecord } from '@orderflow/kafka';
import type { ReservationRecord } from '@orderflow/inventory';
import { loadQueueTopology, peekJobs, type QueuedJob } from '@orderflow/rabbitmq';
import { readAllRecords } from '@orderflow/testing';

import type { ChaosSystem } from '../system';
import { namespaceGroups } from '../observe/group-offsets';

/** A record of any topic of the namespace, decoded where it can be. */
export interface LogRecord {
  /** Logical topic name (without the namespace prefix). */
  topic: string;
  partition: number;
  offset: number;
  key: string;
  timestamp: number;
  headers: Record<string, string>;
  eventId?: string;
  orderId?: string;
  value?: Record<string, unknown>;
  /** Why the value could not be decoded. */
  undecodable?: string;
}

export interface StatusView {
  status: string;
}

/** Everything the checker reads once the system is quiet. */
export interface Evidence {
  /** By logical topic: event topics, every group's retry tiers and DLQ. */
  records: Map<string, LogRecord[]>;
  /** GET /orders/:id of every order on order.created: the view, or the HTTP status when not 200. */
  views: Map<string, StatusView | { httpStatus: number }>;
  stock: Record<string, number>;
  reservations: Map<string, ReservationRecord | undefined>;
  /** Every analytics window's figures, summed per field. */
  analyticsTotals: Record<string, number>;
  /** The notification sink's lines: `time` is when the sender wrote it (ISO). */
  sink: { orderId: string; kind: string; time: string }[];
  /** The payment gateway's journal: one line per charge it was asked for, repeats included. */
  charges: { orderId: string; idempotencyKey: string; status: string; pid: number; time: string }[];
  /** By work queue (queues.yaml's name): the jobs its RabbitMQ DLQ holds, left in it. */
  deadLetteredJobs: Map<string, QueuedJob[]>;
}

/** Every order's event topics: each contract's topic but the analytics snapshot (keyed by window). */
export const EVENT_TOPICS: readonly Topic[] = TOPICS.filter((topic) => topic !== 'analytics.order-metrics');

const CONCURRENCY = 16;

const inBatches = async <T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> => {
  for (let index = 0; index < items.length; index += CONCURRENCY) {
    await Promise.all(items.slice(index, index + CONCURRENCY).map(run));
  }
};

const headerText = (headers: KafkaRecord['headers']): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.map(String).join(',') : String(value ?? ''),
    ]),
  );

/** Every logical topic the namespace has: event topics, then each group's retry tiers and DLQ. */
export const namespaceTopics = (): string[] => [
  ...EVENT_TOPICS,
  ...namespaceGroups('').flatMap((group) => [...group.retryTiers.map((tier) => tier.topic), group.dlqTopic]),
];

const readTopic = async (system: ChaosSystem, topic: string): Promise<LogRecord[]> => {
  const { namespace, serde } = system.pipeline;
  const records = await readAllRecords(namespace, topic, { timeoutMs: 120_000 });
  return Promise.all(
    records.map(async (record): Promise<LogRecord> => {
      const base = {
        topic,
        partition: record.partition,
        offset: Number(record.offset),
        key: record.key?.toString() ?? '',
        timestamp: Number(record.timestamp),
        headers: headerText(record.headers),
      };
      try {
        const { value } = await serde.decode(record.value ?? Buffer.alloc(0));
        const decoded = value as Record<string, unknown>;
        return {
          ...base,
          value: decoded,
          ...(typeof decoded.eventId === 'string' ? { eventId: decoded.eventId } : {}),
          ...(typeof decoded.orderId === 'string' ? { orderId: decoded.orderId } : {}),
        };
      } catch (error) {
        return { ...base, undecodable: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
};

const readViews = async (system: ChaosSystem, orderIds: string[]): Promise<Evidence['views']> => {
  const views: Evidence['views'] = new Map();
  await inBatches(orderIds, async (orderId) => {
    const response = await fetch(`${system.orderApiUrl()}/orders/${orderId}`, {
      signal: AbortSignal.timeout(15_000),
    }).catch(() => undefined);
    if (response?.status === 200) views.set(orderId, (await response.json()) as StatusView);
    else views.set(orderId, { httpStatus: response?.status ?? 0 });
  });
  return views;
};

const readAnalyticsTotals = async (redis: Redis, prefix: string): Promise<Record<string, number>> => {
  const totals: Record<string, number> = {};
  const keys = await redis.keys(`${prefix}analytics:window:*:figures`);
  for (const key of keys) {
    for (const [field, value] of Object.entries(await redis.hgetall(key))) {
      // The maximum is not additive; the checker compares sums and counts.
      if (field.endsWith(':maxMs')) continue;
      totals[field] = (totals[field] ?? 0) + Number(value);
    }
  }
  return totals;
};

/** A JSON-lines file the services append to (the notification sink, the charge journal); none yet is empty. */
const readJsonLines = <T>(file: string): T[] =>
  !existsSync(file)
    ? []
    : readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as T);

/** Far more than a run dead-letters: a DLQ is read whole. */
const DLQ_READ_LIMIT = 1_000_000;

/** Every work queue's DLQ, read without taking the jobs (`orderflow dlq` can still show and redrive them). */
const readDeadLetteredJobs = async (system: ChaosSystem): Promise<Evidence['deadLetteredJobs']> => {
  const url = resolveAmqpUrl(system.pipeline.env);
  const jobs: Evidence['deadLetteredJobs'] = new Map();
  for (const [name, queue] of Object.entries(loadQueueTopology(system.pipeline.namespace.prefix))) {
    jobs.set(name, await peekJobs(url, queue.dlq, DLQ_READ_LIMIT));
  }
  return jobs;
};

/** Reads every topic, the status views, Redis, the work queues' DLQs, the notification sink and the charge journal. */
export const collectEvidence = async (system: ChaosSystem): Promise<Evidence> => {
  const { pipeline } = system;
  const records = new Map<string, LogRecord[]>();
  for (const topic of namespaceTopics()) records.set(topic, await readTopic(system, topic));
  const orderIds = [
    ...new Set((records.get('order.created') ?? []).flatMap((record) => record.orderId ?? [])),
  ];
  const views = await readViews(system, orderIds);
  const stock = await pipeline.stock.readStock(Object.keys(pipeline.initialStock));
  const reservations: Evidence['reservations'] = new Map();
  await inBatches(orderIds, async (orderId) => {
    reservations.set(orderId, await pipeline.stock.readReservation(orderId));
  });
  const redis = new Redis(pipeline.namespace.settings.redisUrl);
  try {
    const analyticsTotals = await readAnalyticsTotals(redis, pipeline.namespace.prefix);
    return {
      records,
      views,
      stock,
      reservations,
      analyticsTotals,
      sink: readJsonLines(system.sinkFile),
      charges: readJsonLines(system.chargeJournal),
      deadLetteredJobs: await readDeadLetteredJobs(system),
    };
  } finally {
    redis.disconnect();
  }
};
