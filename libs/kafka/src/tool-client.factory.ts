import { Kafka, logLevel } from 'kafkajs';

import type { KafkaClient, KafkaLogLevel } from './kafka-client.types';
import { kafkaClientOf } from './kafkajs-client';

export interface ToolClientOptions {
  brokers: readonly string[];
  clientId: string;
  /** 'error' by default: the tools' output is records, and rebalance chatter on stderr would bury it. */
  logLevel?: KafkaLogLevel;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Reconnect attempts per request; KafkaJS's default when unset. */
  retries?: number;
}

const KAFKAJS_LOG_LEVEL: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
};

/** The KafkaJS client under `createToolClient`, for the probe in this library. */
export const newToolKafka = ({
  brokers,
  clientId,
  logLevel: level = 'error',
  connectionTimeoutMs,
  requestTimeoutMs,
  retries,
}: ToolClientOptions): Kafka =>
  new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: KAFKAJS_LOG_LEVEL[level],
    ...(connectionTimeoutMs === undefined ? {} : { connectionTimeout: connectionTimeoutMs }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeout: requestTimeoutMs }),
    ...(retries === undefined ? {} : { retry: { retries } }),
  });

/** A client for operator commands, inspectors, probes and tests (services use `createKafkaClient`). */
export const createToolClient = (options: ToolClientOptions): KafkaClient =>
  kafkaClientOf(newToolKafka(options));
