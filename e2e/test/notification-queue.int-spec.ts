import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import Redis from 'ioredis';

import { startPrivateRabbitmq, type PrivateRabbitmq } from '@orderflow/e2e';
import { OrderflowError } from '@orderflow/errors';
import { notificationId, type Notification, type NotificationRequest } from '@orderflow/notification';
import {
  readNotificationSenderConfig,
  startNotificationSender,
  type NotificationSender,
} from '@orderflow/notification-sender';
import {
  applyQueueTopology,
  createJobPublisher,
  JOB_HEADERS,
  peekJobs,
  readQueueStats,
  type JobPublisher,
  type WorkQueue,
} from '@orderflow/rabbitmq';
import { readNotificationConfig, startNotification } from '@orderflow/notification';
import {
  anInventoryRejected,
  createTestNamespace,
  produceRecords,
  provisionNamespace,
  waitFor,
  waitForGroupCaughtUp,
  type TestNamespace,
} from '@orderflow/testing';
import type { AvroSerde } from '@orderflow/registry';

// The work queue on a RabbitMQ node of this file's own (it restarts it), with delay tiers short enough to
// run through; Kafka, the registry and Redis are the run's, under a namespace.
const HOOK_TIMEOUT_MS = 180_000;
/** What is left of a killed sender's lease when its job comes back: longer than both delay tiers together. */
const ORPHANED_LEASE_MS = 3_000;

/** A gateway that takes `latencyMs` per message, counts how many it holds at once, and can refuse orders. */
class GatewaySender implements NotificationSender {
  readonly sent: Notification[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    private readonly latencyMs: number,
    private readonly refuse: (orderId: string) => boolean = () => false,
  ) {}

  async send(notification: Notification): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // The simulated gateway's latency: what makes jobs overlap, not a wait of the test.
      await delay(this.latencyMs);
      if (this.refuse(notification.orderId)) {
        throw new OrderflowError('DEPENDENCY_UNAVAILABLE', 'the gateway refused the message', {
          retriable: true,
        });
      }
      this.sent.push(notification);
    } finally {
      this.inFlight--;
    }
  }
}

const rejection = (orderId: string): NotificationRequest => ({
  kind: 'ORDER_REJECTED',
  orderId,
  customerId: `customer-of-${orderId}`,
  reason: 'insufficient stock',
  missingSkus: ['SKU-1'],
});

describe('notification.send on a real RabbitMQ', () => {
  let rabbit: PrivateRabbitmq;
  let namespace: TestNamespace;
  let queue: WorkQueue;
  let publisher: JobPublisher;
  let serde: AvroSerde;
  const closers: (() => Promise<void>)[] = [];

  const enqueue = (orderId: string) => {
    const request = rejection(orderId);
    return publisher.publish(queue, {
      messageId: notificationId(request),
      correlationId: `corr-${orderId}`,
      body: { request, sourceEventId: `evt-${orderId}` },
    });
  };

  const startSender = async (sender: NotificationSender, prefetch: number) => {
    const config = readNotificationSenderConfig({
      ...process.env,
      AMQP_URL: rabbit.url,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      NOTIFICATION_SENDER_PORT: '0',
      NOTIFICATION_SENDER_PREFETCH: String(prefetch),
      LOG_LEVEL: 'error',
    });
    const running = await startNotificationSender({ config, sender, queue });
    closers.push(() => running.close());
    await running.whenConsuming();
    return running;
  };

  const stats = async () =>
    new Map(
      (await readQueueStats({ amqpUrl: rabbit.url, topology: { send: queue } })).map((entry) => [
        entry.name,
        entry,
      ]),
    );

  beforeAll(async () => {
    rabbit = await startPrivateRabbitmq();
    namespace = createTestNamespace('notification-queue');
    ({ serde } = await provisionNamespace(namespace));
    const prefix = namespace.prefix;
    const name = `${prefix}notification.send`;
    queue = {
      name,
      exchange: `${prefix}notifications`,
      routingKey: 'notification.send',
      tiers: [
        { queue: `${name}.retry-200ms`, delayMs: 200, label: '200ms' },
        { queue: `${name}.retry-400ms`, delayMs: 400, label: '400ms' },
      ],
      dlq: `${name}.dlq`,
      deliveryLimit: 10,
    };
    await applyQueueTopology(rabbit.url, { send: queue });
    // Applying twice changes nothing and refuses nothing.
    await applyQueueTopology(rabbit.url, { send: queue });
    publisher = createJobPublisher({
      url: rabbit.url,
      name: 'notification-queue-test',
      confirmTimeoutMs: 60_000,
    });
  }, HOOK_TIMEOUT_MS);

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await publisher?.close();
    await namespace?.cleanup();
    await rabbit?.close();
  }, HOOK_TIMEOUT_MS);

  it('two senders share the jobs, each holding at most its prefetch, and every customer is told once', async () => {
    const first = new GatewaySender(50);
    const second = new GatewaySender(50);
    await startSender(first, 3);
    await startSender(second, 3);
    const orders = Array.from({ length: 40 }, (): string => randomUUID());
    await Promise.all(orders.map(enqueue));

    await waitFor(
      () => Promise.resolve(first.sent.length + second.sent.length >= orders.length ? true : undefined),
      { description: 'both senders to send all 40 notifications', timeoutMs: 60_000 },
    );
    const told = [...first.sent, ...second.sent].map((notification) => notification.orderId);
    expect(told.sort()).toEqual([...orders].sort());
    expect(first.sent.length).toBeGreaterThan(0);
    expect(second.sent.length).toBeGreaterThan(0);
    expect(first.maxInFlight).toBeLessThanOrEqual(3);
    expect(second.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('a job the gateway keeps refusing goes through the delay tiers to the DLQ with its reason', async () => {
    const poison = randomUUID();
    const sender = new GatewaySender(0, (orderId) => orderId === poison);
    await startSender(sender, 4);
    const healthy = randomUUID();
    await enqueue(poison);
    await enqueue(healthy);

    await waitFor(async () => ((await stats()).get(queue.dlq)?.ready === 1 ? true : undefined), {
      description: 'the poison job to reach the DLQ',
      timeoutMs: 30_000,
    });
    const [dead] = await peekJobs(rabbit.url, queue.dlq, 10);
    expect(dead?.messageId).toBe(notificationId(rejection(poison)));
    expect(dead?.headers[JOB_HEADERS.attempts]).toBe(queue.tiers.length + 1);
    expect(dead?.headers[JOB_HEADERS.reason]).toBe('retries-exhausted');
    expect(dead?.headers[JOB_HEADERS.errorCode]).toBe('DEPENDENCY_UNAVAILABLE');
    expect(sender.sent.map((notification) => notification.orderId)).toEqual([healthy]);
  });

  it('a job whose lease a killed sender left behind waits the lease out, then is sent once, never delayed', async () => {
    const sender = new GatewaySender(0);
    const running = await startSender(sender, 4);
    const orderId = randomUUID();
    const redis = new Redis(namespace.settings.redisUrl);
    try {
      // The killed sender's claim, as the broker hands its unacked job to a live sender.
      const lease = `${namespace.prefix}idempotency:notification-sender:${notificationId(rejection(orderId))}`;
      await redis.set(lease, 'lease:a-killed-sender', 'PX', ORPHANED_LEASE_MS);
    } finally {
      redis.disconnect();
    }
    await enqueue(orderId);

    const jobs = async () => {
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      const count = (outcome: string) =>
        Number(
          new RegExp(`orderflow_jobs_handled_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(
            metrics,
          )?.[1] ?? 0,
        );
      return { done: count('done'), delayed: count('delayed'), deadLettered: count('dead-lettered') };
    };
    const outcomes = await waitFor(
      async () => {
        const counts = await jobs();
        return counts.done + counts.delayed + counts.deadLettered > 0 ? counts : undefined;
      },
      {
        description: 'the job to be dealt with once the orphaned lease ran out',
        timeoutMs: ORPHANED_LEASE_MS + 15_000,
      },
    );
    // Spending the 200 ms and 400 ms tiers on the lease would have dead-lettered the job, unsent.
    expect(outcomes).toEqual({ done: 1, delayed: 0, deadLettered: 0 });
    expect(sender.sent.filter((notification) => notification.orderId === orderId)).toHaveLength(1);
  });

  it('RabbitMQ restarted under load: every confirmed job is delivered, publishing resumes, nobody is told twice', async () => {
    const sender = new GatewaySender(5);
    await startSender(sender, 8);
    const before = Array.from({ length: 30 }, (): string => randomUUID());
    const after = Array.from({ length: 30 }, (): string => randomUUID());
    const confirmed = Promise.all(before.map(enqueue));
    await rabbit.restart();
    // Publishes issued while the node was down or coming back wait for the reconnect and their confirm.
    await confirmed;
    await Promise.all(after.map(enqueue));

    const expected = [...before, ...after];
    await waitFor(
      () =>
        Promise.resolve(
          expected.every((orderId) => sender.sent.some((notification) => notification.orderId === orderId))
            ? true
            : undefined,
        ),
      { description: 'every job published around the restart to be sent', timeoutMs: 120_000 },
    );
    const told = sender.sent
      .map((notification) => notification.orderId)
      .filter((id) => expected.includes(id));
    expect(told).toHaveLength(expected.length);
    expect(new Set(told).size).toBe(expected.length);
  }, 240_000);

  it('the notification group commits nothing while RabbitMQ is down, and catches up once it is back', async () => {
    const sender = new GatewaySender(0);
    await startSender(sender, 8);
    const env = {
      ...process.env,
      AMQP_URL: rabbit.url,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      NOTIFICATION_PORT: '0',
      LOG_LEVEL: 'error',
    };
    // queues.yaml's exchange and routing key under the namespace: the service publishes to `queue`.
    const notification = await startNotification({ config: readNotificationConfig(env) });
    closers.push(() => notification.close());
    await notification.whenConsuming();

    await rabbit.stop();
    const orders = Array.from({ length: 5 }, (): string => randomUUID());
    await produceRecords(
      namespace,
      'inventory.rejected',
      await Promise.all(
        orders.map(async (orderId) => ({
          key: orderId,
          value: await serde.encode('inventory.rejected', anInventoryRejected({ orderId })),
        })),
      ),
    );
    // The handler could not hand the job off: the record is deferred on its partition, not routed.
    const deferredMetric =
      /orderflow_messages_handled_total\{[^}]*group="notification"[^}]*outcome="deferred"[^}]*\} ([1-9]\d*)/;
    await waitFor(
      async () =>
        deferredMetric.test(await (await fetch(`${notification.url}/metrics`)).text()) ? true : undefined,
      {
        description: 'notification to defer a record while RabbitMQ is down',
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    );
    const admin = await namespace.admin();
    const topic = `${namespace.prefix}inventory.rejected`;
    const [committed] = await admin.fetchOffsets({
      groupId: `${namespace.prefix}notification`,
      topics: [topic],
    });
    const ends = await admin.fetchTopicOffsets(topic);
    const committedTotal = (committed?.partitions ?? []).reduce(
      (sum, { offset }) => sum + Math.max(0, Number(offset)),
      0,
    );
    const endTotal = ends.reduce((sum, { high }) => sum + Number(high), 0);
    expect(committedTotal).toBeLessThan(endTotal);

    await rabbit.start();
    await waitForGroupCaughtUp(namespace, 'notification', ['inventory.rejected'], { timeoutMs: 120_000 });
    await waitFor(
      () =>
        Promise.resolve(
          orders.every((orderId) => sender.sent.some((notification) => notification.orderId === orderId))
            ? true
            : undefined,
        ),
      { description: 'every deferred notification to be sent', timeoutMs: 120_000 },
    );
    const told = sender.sent.map((notification) => notification.orderId).filter((id) => orders.includes(id));
    expect(told.sort()).toEqual([...orders].sort());
  }, 300_000);
});
