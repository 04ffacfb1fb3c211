import type { Command } from 'commander';

import { OrderServiceClientChannel } from '@orderflow/grpc';
import { readOrderApiConfig } from '@orderflow/order-api';

interface WatchOptions {
  address?: string;
}

/**
 * `orderflow watch <orderId>`: the order's status live over gRPC (WatchOrder), one line per change, until
 * it is final. Ctrl-C cancels the call, which releases it on the server.
 */
export const registerWatchCommand = (program: Command): void => {
  program
    .command('watch <orderId>')
    .description("Follow an order's status live over gRPC (WatchOrder) until it is final.")
    .option('--address <host:port>', "the order service's gRPC address (default: 127.0.0.1:$ORDER_GRPC_PORT)")
    .action(async (orderId: string, { address }: WatchOptions) => {
      const target = address ?? `127.0.0.1:${readOrderApiConfig().grpc.port}`;
      const channel = new OrderServiceClientChannel(target);
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      try {
        for await (const { order } of channel.watchOrder(orderId, { signal: abort.signal })) {
          const reason = order?.reason ? `  (${order.reason})` : '';
          console.log(`${order?.updatedAt ?? ''}  ${order?.status ?? ''}${reason}`);
        }
      } finally {
        channel.close();
      }
    });
};
