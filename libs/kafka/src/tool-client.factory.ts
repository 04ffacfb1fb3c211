import { Kafka, logLevel } from 'kafkajs';

import type { KafkaClient, KafkaLogLevel } from './kafka-client.types';

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

export const KAFKAJS_LOG_LEVEL: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
};

/** A client for operator commands, inspectors, probes and tests (services use `createKafkaClient`). */
export const createToolClient = ({
  brokers,
  clientId,
  logLevel: level = 'error',
  connectionTimeoutMs,
  requestTimeoutMs,
  retries,
}: ToolClientOptions): KafkaClient =>
  new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: KAFKAJS_LOG_LEVEL[level],
    ...(connectionTimeoutMs === undefined ? {} : { connectionTimeout: connectionTimeoutMs }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeout: requestTimeoutMs }),
    ...(retries === undefined ? {} : { retry: { retries } }),
  });
