import { once } from 'node:events';

import { isOrderflowError } from '@orderflow/errors';

import type { OrderStatusView } from './order-status.repository';

/** The parts of Express's request and response an event stream uses. */
export interface EventStreamRequest {
  once(event: 'close', listener: () => void): unknown;
}
export interface EventStreamResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string): boolean;
  end(): unknown;
  once(event: 'drain', listener: () => void): unknown;
}

const ERROR_NAMES: Record<string, string> = {
  NOT_FOUND: 'order_not_found',
  CLIENT_TOO_SLOW: 'client_too_slow',
};

/**
 * Writes an order's status feed as Server-Sent Events, with the same pushback as the gRPC stream: the next
 * view is pulled only once the socket drained the last one, and a client that goes away (the request
 * closes) aborts the feed, which releases its subscription.
 */
export const streamStatusEvents = async (
  request: EventStreamRequest,
  response: EventStreamResponse,
  feed: (signal: AbortSignal) => AsyncIterable<OrderStatusView>,
): Promise<void> => {
  const abort = new AbortController();
  request.once('close', () => abort.abort());
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // Proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  try {
    for await (const view of feed(abort.signal)) {
      if (!response.write(`event: status\ndata: ${JSON.stringify(view)}\n\n`)) {
        await Promise.race([
          new Promise((resolve) => response.once('drain', () => resolve(undefined))),
          once(abort.signal, 'abort'),
        ]);
      }
    }
  } catch (error) {
    const name = isOrderflowError(error) ? (ERROR_NAMES[error.code] ?? 'unavailable') : 'unavailable';
    response.write(`event: error\ndata: ${JSON.stringify({ error: name })}\n\n`);
  } finally {
    abort.abort();
    response.end();
  }
};
