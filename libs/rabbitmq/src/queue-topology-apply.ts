import { connect } from 'amqplib';

import { OrderflowError } from '@orderflow/errors';

import { queueDeclarations, type QueueTopology } from './queue-topology';

export interface TopologyChange {
  kind: 'exchange' | 'queue' | 'binding';
  name: string;
}

/**
 * Declares every exchange, queue and binding of the topology. Declaring is idempotent; a queue that exists
 * with other arguments is refused by the broker (406) and reported here with the way out, never deleted
 * and redeclared: its jobs would be lost.
 */
export const applyQueueTopology = async (url: string, topology: QueueTopology): Promise<TopologyChange[]> => {
  // A plain connection, not a reconnecting one: a refused declaration must fail the apply, not be retried.
  const connection = await connect(url, { timeout: 10_000 });
  connection.on('error', () => undefined);
  const applied: TopologyChange[] = [];
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of Object.values(topology)) {
      await channel.assertExchange(queue.exchange, 'direct', { durable: true });
      applied.push({ kind: 'exchange', name: queue.exchange });
      for (const declaration of queueDeclarations(queue)) {
        try {
          await channel.assertQueue(declaration.name, { durable: true, arguments: declaration.arguments });
        } catch (error) {
          throw new OrderflowError(
            'TOPICS_APPLY_FAILED',
            `Queue ${declaration.name} exists with other arguments than queues.yaml declares ` +
              `(${error instanceof Error ? error.message : String(error)}). Queues are never redeclared: ` +
              'drain it and delete it by hand (rabbitmqctl delete_queue), then apply again.',
            { cause: error, context: { queue: declaration.name, arguments: declaration.arguments } },
          );
        }
        applied.push({ kind: 'queue', name: declaration.name });
      }
      await channel.bindQueue(queue.name, queue.exchange, queue.routingKey);
      applied.push({ kind: 'binding', name: `${queue.exchange} -> ${queue.name} (${queue.routingKey})` });
    }
    return applied;
  } finally {
    await connection.close().catch(() => undefined);
  }
};
