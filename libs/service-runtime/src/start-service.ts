import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import 'reflect-metadata';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { loadSchemaCatalog, pinSchemaVersions } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';
import { createIdempotencyStore } from '@orderflow/idempotency';
import {
  createEventPublisher,
  createKafkaClient,
  createReliableProducer,
  type ReliableProducerOptions,
} from '@orderflow/kafka';
import { createLogger, NestJsonLogger } from '@orderflow/logging';
import { createAvroSerde, createRegistryClient, type AvroSerde } from '@orderflow/registry';
import { createRedisClient } from '@orderflow/redis';
import { createFailureRouter, createHoldBack, readHeldKeys } from '@orderflow/retry';
import { consumerGroup, loadTopicsFile, type TopicsFile } from '@orderflow/topics';
import type { Logger } from '@orderflow/logging';

import type { ConsumerStatus } from './consumer-status';
import { createHttpDrain } from './http-drain';
import { registerHeldBackMetrics } from './metrics/held-back-metrics';
import { createFailPoints } from './fail-points';
import type { ReadinessChecks } from './health/health.controller';
import { createServiceMetrics } from './metrics/service-metrics.factory';
import { OrderflowKafkaServer } from './orderflow-kafka.server';
import { checkRedisDurability } from './redis-durability';
import { createRedisOffsets } from './redis-offsets';
import { RethrowRpcErrorsFilter } from './rethrow-rpc-errors.filter';
import type { RuntimeConfig } from './runtime-config';
import { RuntimeModule } from './runtime.module';

export interface StartServiceOptions {
  /** The service's module: its `@EventPattern` controllers (and HTTP controllers) and providers. */
  module: DynamicModule;
  runtime: RuntimeConfig;
  /** HTTP-level setup before listening (body limits, OpenAPI), e.g. for the order API. */
  configureApp?: (app: INestApplication) => void;
  /** The topics declaration (default: the checkout's topics.yaml); tests pass one with short retry tiers. */
  topics?: TopicsFile;
  /** The shared producer's limits (send queue, request size), e.g. the order API's from its config. */
  producer?: Omit<ReliableProducerOptions, 'kafka'>;
  /**
   * Readiness checks of the service's own transports beside the runtime's (e.g. the order API's gRPC
   * server answering grpc.health.v1): `/health/ready` is up only while each resolves.
   */
  readiness?: ReadinessChecks;
  /**
   * The handlers record each event as handled, its effects and its follow-ups in one transaction of the
   * service's own database (inbox and outbox; see MessageProcessorOptions.inboxOutbox): no Redis claim,
   * no publishing by the runtime.
   */
  inboxOutbox?: boolean;
}

export interface RunningService {
  app: INestApplication;
  /** http://127.0.0.1:<port> of the service's HTTP server. */
  url: string;
  consumerStatus(): ConsumerStatus;
  /** Resolves once the consumer has joined its group (tests produce only after this). */
  whenConsuming(): Promise<void>;
  /** Graceful: stops consuming (in-flight records finish and commit), flushes, closes Redis and HTTP. */
  close(): Promise<void>;
}

/**
 * Starts one orderflow service as a hybrid Nest app (a coordinator: longer than most files): shared clients
 * (Redis, registry, Kafka producer) created once and provided globally, the Kafka transport started before
 * the HTTP server listens, and one `close()` that releases everything in order.
 */
export const startService = async ({
  module,
  runtime,
  configureApp,
  topics = loadTopicsFile(),
  producer: producerOptions = {},
  readiness = {},
  inboxOutbox = false,
}: StartServiceOptions): Promise<RunningService> => {
  const { settings, topicPrefix, service } = runtime;
  const logger = createLogger({ service, level: runtime.logLevel });
  const group = consumerGroup({ file: topics, name: runtime.group, topicPrefix });
  if (!group) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `Consumer group ${runtime.group} is not declared in topics.yaml.`,
      {
        context: { group: runtime.group },
      },
    );
  }
  const redis = createRedisClient(settings.redisUrl, service);
  await checkRedisDurability({ redis, logger });
  const serde = createAvroSerde({
    client: createRegistryClient({ url: settings.schemaRegistryUrl }),
    catalog: pinSchemaVersions(loadSchemaCatalog(), runtime.schemaVersions),
    topicPrefix,
  });
  if (Object.keys(runtime.schemaVersions).length > 0) {
    logger.info('schemas.pinned', { versions: runtime.schemaVersions });
  }
  const kafka = createKafkaClient({ brokers: settings.kafkaBrokers, clientId: service, logger });
  await warmSchemas(serde, logger);
  const producer = createReliableProducer({ ...producerOptions, kafka });
  const publisher = createEventPublisher({ producer, serde, topicPrefix });
  const metrics = createServiceMetrics();
  const perKeyOrder = group.ordering === 'per-key';
  if (perKeyOrder) {
    registerHeldBackMetrics({
      registry: metrics.registry,
      group: group.name,
      readHeldKeys: () => readHeldKeys({ redis, keyPrefix: topicPrefix, group: group.name }),
    });
  }
  const failPoints = createFailPoints(runtime.failPoints, { logger });
  const server = new OrderflowKafkaServer({
    kafka,
    group,
    topicPrefix,
    serde,
    idempotency: createIdempotencyStore({ redis, keyPrefix: topicPrefix, leaseMs: runtime.consumer.leaseMs }),
    publisher,
    router: createFailureRouter({ group, producer }),
    logger,
    keepAliveMs: Math.floor(runtime.consumer.leaseMs / 3),
    handlerDeadlineMs: runtime.consumer.handlerDeadlineMs,
    // Well inside the session: the batch waiting for the registry sends no heartbeats meanwhile.
    registryTimeoutMs: Math.min(5_000, Math.floor(runtime.consumer.sessionTimeoutMs / 3)),
    unknownSchemaRetries: runtime.consumer.unknownSchemaRetries,
    unknownSchemaRetryMs: runtime.consumer.unknownSchemaRetryMs,
    recordKeyField: (topic) => topics.topics[topic]?.key,
    metrics: metrics.messages,
    holdBack: perKeyOrder
      ? {
          store: createHoldBack({ redis, keyPrefix: topicPrefix, group: group.name }),
          tiers: group.retryTiers,
        }
      : undefined,
    failPoints,
    inboxOutbox,
    partitionsConsumedConcurrently: runtime.consumer.concurrency,
    keysInFlight: runtime.consumer.keysInFlight,
    commitIntervalMs: runtime.consumer.commitIntervalMs,
    sessionTimeoutMs: runtime.consumer.sessionTimeoutMs,
    redisOffsets: (consumer) =>
      createRedisOffsets({
        redis,
        kafka,
        groupId: `${topicPrefix}${group.name}`,
        keyPrefix: topicPrefix,
        group: group.name,
        logger,
        consumer,
      }),
  });

  const root: DynamicModule = {
    module: class OrderflowServiceRoot {},
    imports: [
      RuntimeModule.forRoot({
        config: runtime,
        redis,
        logger,
        publisher,
        consumerStatus: () => server.consumerStatus,
        metrics,
        failPoints,
        readiness,
      }),
      module,
    ],
  };
  const app = await NestFactory.create(root, { logger: new NestJsonLogger(logger), abortOnError: false });
  const drain = createHttpDrain(app);
  configureApp?.(app);
  // Own config (HTTP filters stay HTTP's) and deferred initialisation: handlers are bound when the
  // transport starts, after the filter that keeps errors' classes for retry routing is registered.
  app
    .connectMicroservice({ strategy: server }, { inheritAppConfig: false, deferInitialization: true })
    .useGlobalFilters(new RethrowRpcErrorsFilter());
  try {
    await app.startAllMicroservices();
  } catch (error) {
    // A boot refused at this point (handlers that disagree with topics.yaml) leaves no connection open.
    await app.close();
    await producer.disconnect();
    redis.disconnect();
    throw error;
  }
  await app.listen(runtime.httpPort, runtime.bindHost);
  const { port } = (app.getHttpServer() as HttpServer).address() as AddressInfo;
  logger.info('service.started', { url: `http://127.0.0.1:${port}`, group: group.name, topicPrefix });

  return {
    app,
    url: `http://127.0.0.1:${port}`,
    consumerStatus: () => server.consumerStatus,
    whenConsuming: () => server.whenRunning(),
    async close() {
      drain.start();
      try {
        await app.close();
      } finally {
        drain.stop();
      }
      await producer.disconnect();
      redis.disconnect();
      logger.info('service.stopped');
    },
  };
};

// Long enough for a few dozen lookups on a slow registry; short enough that a hung one does not hold the boot.
const WARM_UP_TIMEOUT_MS = 5_000;

/**
 * Caches the registry ids of the local contracts before consuming starts, so that a registry outage later
 * does not stop records our own producers wrote. Best effort: a registry that is down now must not keep
 * the service (and its health endpoints) from starting; records then look their schemas up as they come.
 */
const warmSchemas = async (serde: AvroSerde, logger: Logger): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${WARM_UP_TIMEOUT_MS} ms`)),
      WARM_UP_TIMEOUT_MS,
    );
  });
  try {
    const { warmed, unregistered } = await Promise.race([serde.warm(), timedOut]);
    logger.debug('schemas.warmed', { warmed, unregistered });
  } catch (error) {
    logger.warn('schemas.warm-failed', { hint: 'records look their schemas up as they come', error });
  } finally {
    clearTimeout(timer);
  }
};
