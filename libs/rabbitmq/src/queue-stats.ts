import { connect } from 'amqplib';

import { OrderflowError } from '@orderflow/errors';

import { queueDeclarations, type QueueTopology } from './queue-topology';

/** One queue's figures; `unacked` is known only from the management API. */
export interface QueueStats {
  name: string;
  role: 'work' | 'delay' | 'dlq';
  ready: number;
  unacked: number | undefined;
  consumers: number;
}

const roleOf = (name: string): QueueStats['role'] =>
  name.endsWith('.dlq') ? 'dlq' : /\.retry-[^.]+$/.test(name) ? 'delay' : 'work';

const topologyQueues = (topology: QueueTopology): string[] =>
  Object.values(topology).flatMap((queue) => queueDeclarations(queue).map((declaration) => declaration.name));

interface ManagementQueue {
  name: string;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
}

/**
 * The figures of every queue in the topology: from the management API when its URL is known (ready and
 * unacked), otherwise from a passive declare over AMQP (ready and consumers only).
 */
export const readQueueStats = async (options: {
  amqpUrl: string;
  managementUrl?: string;
  topology: QueueTopology;
}): Promise<QueueStats[]> => {
  const names = topologyQueues(options.topology);
  if (options.managementUrl !== undefined) {
    const url = new URL(
      '/api/queues/%2F?columns=name,messages_ready,messages_unacknowledged,consumers',
      options.managementUrl,
    );
    const authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
    const response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(5_000) });
    if (!response.ok) {
      throw new OrderflowError(
        'DEPENDENCY_UNAVAILABLE',
        `RabbitMQ management API answered ${response.status}.`,
        {
          retriable: true,
          context: { url: url.toString() },
        },
      );
    }
    const queues = new Map(
      ((await response.json()) as ManagementQueue[]).map((queue) => [queue.name, queue]),
    );
    return names.map((name) => {
      const queue = queues.get(name);
      return {
        name,
        role: roleOf(name),
        ready: queue?.messages_ready ?? 0,
        unacked: queue?.messages_unacknowledged ?? 0,
        consumers: queue?.consumers ?? 0,
      };
    });
  }
  const connection = await connect(options.amqpUrl, { timeout: 5_000 });
  try {
    const channel = await connection.createChannel();
    const stats: QueueStats[] = [];
    for (const name of names) {
      const reply = await channel.checkQueue(name);
      stats.push({
        name,
        role: roleOf(name),
        ready: reply.messageCount,
        unacked: undefined,
        consumers: reply.consumerCount,
      });
    }
    return stats;
  } finally {
    await connection.close().catch(() => undefined);
  }
};
