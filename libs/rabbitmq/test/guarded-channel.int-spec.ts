import { randomUUID } from 'node:crypto';

import type { ConfirmChannel, Message } from 'amqplib';

import { pollUntil } from '@orderflow/wait';

import {
  applyQueueTopology,
  createAmqpConnection,
  createJobPublisher,
  createJobWorker,
  readQueueStats,
  type AmqpConnectionManager,
  type ReceivedJob,
  type WorkQueue,
} from '../src';
import { openGuardedChannel } from '../src/guarded-channel';

// The run's RabbitMQ (the test stack exports AMQP_URL), under queue names of this file's own.
const amqpUrl = (): string => {
  const url = process.env.AMQP_URL;
  if (url === undefined)
    throw new Error('AMQP_URL is not set: run the integration project (it starts the stack).');
  return url;
};

const aQueue = (): WorkQueue => {
  const name = `guarded-${randomUUID()}.send`;
  return {
    name,
    exchange: `${name}.exchange`,
    routingKey: 'send',
    tiers: [],
    dlq: `${name}.dlq`,
    deliveryLimit: 10,
  };
};

const job = (messageId: string) => ({ messageId, correlationId: `corr-${messageId}`, body: { messageId } });

describe('guarded channels on a real RabbitMQ', () => {
  let connection: AmqpConnectionManager;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(() => {
    connection = createAmqpConnection(amqpUrl(), 'guarded-channel-test');
    closers.push(() => connection.close());
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('opens a channel the broker closed again, and publishes through it', async () => {
    const queue = aQueue();
    await applyQueueTopology(amqpUrl(), { send: queue });
    let raw: ConfirmChannel | undefined;
    const guarded = openGuardedChannel(connection, 'guarded-test');
    closers.push(() => guarded.close());
    await guarded.wrapper.addSetup((channel: ConfirmChannel) => {
      raw = channel;
    });
    await guarded.wrapper.waitForConnect();
    expect(guarded.generation()).toBe(1);

    // An ack of a tag the channel never delivered: the broker closes the channel (406), and amqplib the
    // connection with it.
    raw?.ack({ fields: { deliveryTag: 999 } } as Message);
    await pollUntil(() => Promise.resolve(guarded.generation() === 2 ? true : undefined), {
      description: 'the channel to be opened again',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    await guarded.wrapper.sendToQueue(queue.name, Buffer.from('{}'), { persistent: true, timeout: 10_000 });
    const [work] = (await readQueueStats({ amqpUrl: amqpUrl(), topology: { send: queue } })).filter(
      (stats) => stats.name === queue.name,
    );
    expect(work?.ready).toBe(1);
  }, 30_000);

  it('does not ack a delivery on the channel that replaced its own, and keeps consuming', async () => {
    const queue = aQueue();
    await applyQueueTopology(amqpUrl(), { send: queue });
    const publisher = createJobPublisher({ url: amqpUrl(), name: 'guarded-test', connection });
    closers.push(() => publisher.close());
    const deliveries: ReceivedJob[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const worker = createJobWorker({
      connection,
      queue,
      prefetch: 4,
      handle: async (received) => {
        deliveries.push(received);
        // The first delivery is still being handled when its channel is replaced.
        if (deliveries.length === 1) await firstHeld;
      },
    });
    closers.push(() => worker.close());
    await worker.started;

    await publisher.publish(queue, job('held'));
    await pollUntil(() => Promise.resolve(deliveries.length === 1 ? true : undefined), {
      description: 'the first delivery',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    connection.reconnect();
    // The broker requeued the unacked job when its channel closed: the new channel delivers it again.
    await pollUntil(() => Promise.resolve(deliveries.length === 2 ? true : undefined), {
      description: 'the redelivery on the new channel',
      timeoutMs: 15_000,
      intervalMs: 20,
    });
    expect(deliveries[1]).toMatchObject({ messageId: 'held', redelivered: true });
    // Its old tag would name the redelivery on the new channel (an ack of the wrong delivery, then an
    // unknown tag for the right one, and a closed channel).
    releaseFirst();

    await publisher.publish(queue, job('after'));
    await pollUntil(
      () => Promise.resolve(deliveries.some(({ messageId }) => messageId === 'after') || undefined),
      {
        description: 'a job published after the reconnect',
        timeoutMs: 15_000,
        intervalMs: 20,
      },
    );
    await worker.close();
    // Everything handled was acked once: nothing came back to the queue when the worker's channel closed.
    const [work] = (await readQueueStats({ amqpUrl: amqpUrl(), topology: { send: queue } })).filter(
      (stats) => stats.name === queue.name,
    );
    expect(work?.ready).toBe(0);
    expect(deliveries.map(({ messageId }) => messageId)).toEqual(['held', 'held', 'after']);
  }, 60_000);
});
