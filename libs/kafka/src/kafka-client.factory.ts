import { Kafka, logLevel, type LogEntry } from 'kafkajs';

import type { Logger } from '@orderflow/logging';

import type { KafkaClient } from './kafka-client.types';
import { kafkaClientOf } from './kafkajs-client';

export interface KafkaClientOptions {
  brokers: string[];
  /** Set explicitly: dashboards show what is configured here (no framework suffixes). */
  clientId: string;
  logger: Logger;
  /** Bounds how long an unreachable broker can hold a request; the callers map the failure. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const LEVEL_NAMES: Record<logLevel, 'error' | 'warn' | 'info' | 'debug' | undefined> = {
  [logLevel.NOTHING]: undefined,
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** KafkaJS with its log lines routed into the service's JSON logger (component `kafkajs`). */
export const createKafkaClient = (options: KafkaClientOptions): KafkaClient => {
  const kafkaLogger = options.logger.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // Bounded reconnects (about 2 s in all): a request against a dead broker fails soon enough for HTTP
    // callers to get a 503; consumers restart on their own schedule and producers reconnect on next use.
    retry: { initialRetryTime: 100, retries: 4, maxRetryTime: 1_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const name = LEVEL_NAMES[level];
        if (name === undefined) return;
        const { message, ...fields } = log;
        kafkaLogger[name](message, fields);
      },
  });
  return kafkaClientOf(kafka);
};
