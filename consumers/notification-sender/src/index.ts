import { OrderflowError } from '@orderflow/errors';
import { OrderServiceClientChannel } from '@orderflow/grpc';
import { createIdempotencyStore } from '@orderflow/idempotency';
import { createEventPublisher, createKafkaClient, createReliableProducer } from '@orderflow/kafka';
import { createLogger } from '@orderflow/logging';
import {
  createAmqpConnection,
  createJobWorker,
  loadQueueTopology,
  type WorkQueue,
} from '@orderflow/rabbitmq';
import { createRedisClient } from '@orderflow/redis';
import { createAvroSerde, createRegistryClient } from '@orderflow/registry';
import { createFailPoints } from '@orderflow/service-runtime';

import { createNotificationSender } from './create-notification-sender';
import { startHealthServer } from './health-server';
import { createJobMetrics } from './job-metrics';
import type { NotificationSender } from './notification-sender';
import { readNotificationSenderConfig, type NotificationSenderConfig } from './notification-sender.config';
import { NotificationService } from './notification.service';
import { OrderDeliveryClient } from './order-delivery.client';
import { createSendJobHandler } from './send-job';
import { SentNotificationsRepository } from './sent-notifications.repository';

export { NOTIFICATION_SENDER_SERVICE } from './notification-sender.identity';
export { readNotificationSenderConfig, type NotificationSenderConfig } from './notification-sender.config';
export type { NotificationSender } from './notification-sender';

export interface StartNotificationSenderOptions {
  config?: NotificationSenderConfig;
  /** Replaces the configured sender (a test capturing or failing sends, or a real gateway). */
  sender?: NotificationSender;
  /** Replaces queues.yaml's notification.send (tests: short delay tiers). */
  queue?: WorkQueue;
}

export interface RunningNotificationSender {
  url: string;
  inFlight(): number;
  /** Resolves once its consumer is registered with RabbitMQ. */
  whenConsuming(): Promise<void>;
  /** Stops taking jobs, lets the ones in flight finish and ack, then closes every client. */
  close(): Promise<void>;
}

/**
 * The notification-sender worker: competing consumer of the notification.send work queue (manual ack,
 * bounded prefetch), built on the runtime's clients rather than Nest's RMQ transport, which acks on
 * receipt by default and hides the channel the delay tiers and DLQ need (docs/kafka-vs-rabbitmq.md).
 */
export const startNotificationSender = async ({
  config = readNotificationSenderConfig(),
  sender: givenSender,
  queue: givenQueue,
}: StartNotificationSenderOptions = {}): Promise<RunningNotificationSender> => {
  const { runtime } = config;
  const logger = createLogger({ service: runtime.service, level: runtime.logLevel });
  const queue = givenQueue ?? loadQueueTopology(runtime.topicPrefix)['notification.send'];
  if (queue === undefined) {
    throw new OrderflowError('CONFIG_INVALID', 'queues.yaml declares no notification.send work queue.');
  }
  const redis = createRedisClient(runtime.settings.redisUrl, runtime.service);
  const serde = createAvroSerde({
    client: createRegistryClient({ url: runtime.settings.schemaRegistryUrl }),
    topicPrefix: runtime.topicPrefix,
  });
  const kafka = createKafkaClient({
    brokers: runtime.settings.kafkaBrokers,
    clientId: runtime.service,
    logger,
  });
  const producer = createReliableProducer({ kafka });
  const publisher = createEventPublisher({ producer, serde, topicPrefix: runtime.topicPrefix });
  const failPoints = createFailPoints(runtime.failPoints, { logger });
  const orderService = new OrderServiceClientChannel(config.orderService.address);
  const notifications = new NotificationService(
    givenSender ?? createNotificationSender(config, logger),
    new SentNotificationsRepository({
      redis,
      topicPrefix: runtime.topicPrefix,
      recordTtlDays: config.recordTtlDays,
    }),
    config,
    logger,
    failPoints,
  );
  const handle = createSendJobHandler({
    idempotency: createIdempotencyStore({
      redis,
      keyPrefix: runtime.topicPrefix,
      leaseMs: runtime.consumer.leaseMs,
    }),
    notifications,
    delivery: new OrderDeliveryClient(orderService, config, logger),
    publisher,
    logger,
    failPoints,
    group: runtime.group,
    leaseWaitMs: runtime.consumer.leaseMs,
  });
  const metrics = createJobMetrics();
  const connection = createAmqpConnection(config.amqpUrl, runtime.service);
  const worker = createJobWorker({
    connection,
    queue,
    prefetch: config.prefetch,
    handle,
    onOutcome: (job, outcome, error) => {
      metrics.outcome(queue.name, outcome);
      const fields = { messageId: job.messageId, correlationId: job.correlationId, attempts: job.attempts };
      if (outcome === 'done') logger.debug('notification.job-done', fields);
      else logger.warn(`notification.job-${outcome}`, { ...fields, error });
    },
  });
  let consuming = false;
  void worker.started.then(() => {
    consuming = true;
    logger.info('notification-sender.consuming', { queue: queue.name, prefetch: config.prefetch });
  });
  const health = await startHealthServer(
    runtime.bindHost,
    runtime.httpPort,
    () => ({
      ready: consuming && connection.isConnected(),
      detail: connection.isConnected()
        ? consuming
          ? 'consuming'
          : 'registering its consumer'
        : 'RabbitMQ unreachable',
    }),
    metrics.registry,
  );
  logger.info('service.started', { url: health.url });
  return {
    url: health.url,
    inFlight: () => worker.inFlight(),
    whenConsuming: () => worker.started,
    close: async () => {
      await worker.close();
      await connection.close();
      await publisher.disconnect();
      orderService.close();
      redis.disconnect();
      await new Promise((resolve) => health.server.close(resolve));
      logger.info('service.stopped', {});
    },
  };
};
