import {
  applyQueueTopology,
  createAmqpConnection,
  createJobPublisher,
  createJobWorker,
  deleteQueueTopology,
  loadQueueTopology,
} from '@orderflow/rabbitmq';

import type { JobBroker, SendJobs } from './r6-send-job';

/** notification-sender's shape: two worker processes, each holding at most 16 unacknowledged jobs. */
export const WORKERS = 2;
export const PREFETCH = 16;
const CLIENT = 'orderflow-bench-r6';

export const RABBITMQ_QUEUE = 'RabbitMQ queue';

/**
 * The send job on a per-run copy of queues.yaml's notification.send (`prefix` on every queue and
 * exchange, deleted on close), published and worked through libs/rabbitmq as the services do: confirmed
 * persistent publishes, competing workers acking each job after its handler resolved.
 */
export const startRabbitmqQueue = async (options: {
  url: string;
  prefix: string;
  jobs: SendJobs;
}): Promise<JobBroker> => {
  const { url, prefix, jobs } = options;
  const queue = loadQueueTopology(prefix)['notification.send'];
  if (queue === undefined) throw new Error('queues.yaml declares no notification.send work queue.');
  const topology = { 'notification.send': queue };
  await applyQueueTopology(url, topology);
  // One connection per worker, as two sender processes would have, and one for the publishing side.
  const connections = Array.from({ length: WORKERS + 1 }, (_, index) =>
    createAmqpConnection(url, index === 0 ? `${CLIENT}-publisher` : `${CLIENT}-worker-${index}`),
  );
  const [publisherConnection, ...workerConnections] = connections;
  const publisher = createJobPublisher({ url, name: CLIENT, connection: publisherConnection });
  const workers = workerConnections.map((connection) =>
    createJobWorker({ connection, queue, prefetch: PREFETCH, handle: (job) => jobs.handle(job.messageId) }),
  );
  const close = async (): Promise<void> => {
    for (const worker of workers) await worker.close();
    await publisher.close();
    for (const connection of connections) await connection.close();
    await deleteQueueTopology(url, topology, prefix);
  };
  try {
    await Promise.all(workers.map((worker) => worker.started));
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const enqueue: JobBroker['enqueue'] = (order) =>
    publisher.publish(queue, { messageId: order.orderId, correlationId: order.eventId, body: order });
  return {
    label: RABBITMQ_QUEUE,
    enqueue,
    // A confirm channel pipelines publishes: the burst is every publish at once, confirms as they come.
    enqueueAll: async (orders) => {
      await Promise.all(orders.map(enqueue));
    },
    close,
  };
};
