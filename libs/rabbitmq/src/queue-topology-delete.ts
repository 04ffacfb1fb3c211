import { connect } from 'amqplib';

import { OrderflowError } from '@orderflow/errors';

import { queueDeclarations, type QueueTopology } from './queue-topology';

/** Every queue and exchange name of the topology that does not start with `prefix`. */
export const unprefixedNames = (topology: QueueTopology, prefix: string): string[] =>
  Object.values(topology)
    .flatMap((queue) => [queue.exchange, ...queueDeclarations(queue).map((declaration) => declaration.name)])
    .filter((name) => prefix === '' || !name.startsWith(prefix));

/**
 * Deletes the queues and exchanges of a prefixed copy of queues.yaml (a test's or a bench run's own), jobs
 * included. Only for such copies: orderflow's tools never delete a queue, so a topology with any name
 * outside `prefix` (or an empty prefix) is refused before anything is touched.
 */
export const deleteQueueTopology = async (
  url: string,
  topology: QueueTopology,
  prefix: string,
): Promise<void> => {
  const outside = unprefixedNames(topology, prefix);
  if (outside.length > 0) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      `Refusing to delete queues outside the prefix "${prefix}" (${outside.join(', ')}): only a prefixed ` +
        'copy of queues.yaml made by a test or a bench run may be deleted.',
      { context: { prefix, outside } },
    );
  }
  const connection = await connect(url, { timeout: 10_000 });
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of Object.values(topology)) {
      for (const declaration of queueDeclarations(queue)) await channel.deleteQueue(declaration.name);
      await channel.deleteExchange(queue.exchange);
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
};
