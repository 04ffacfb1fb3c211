import type { IncomingMessage, ServerResponse } from 'node:http';

/** Seconds an overloaded order API asks a client to wait; clients add their own jittered backoff. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 2;

/**
 * Express middleware for POST /orders: at most `limit` orders are worked on at once, and one more is
 * answered 503 `overloaded` (nothing placed, Retry-After) at once, before its body is read. Without it an
 * instance restarted under load took every retry of the orders its predecessor held at once: chaos case 1
 * at 60 orders/s saw answers at 12–15 s for minutes after each kill, clients timing out and retrying
 * into the same queue (work done for clients already gone). A fast 503 keeps the work admitted within the
 * publish deadline; the retry after it is the same order (Idempotency-Key). A slot is freed when the answer
 * is sent or the client goes away.
 */
export const limitOrdersInFlight = (limit: number) => {
  let inFlight = 0;
  const middleware = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (request.method !== 'POST') {
      next();
      return;
    }
    if (inFlight >= limit) {
      response.statusCode = 503;
      response.setHeader('Retry-After', String(OVERLOADED_RETRY_AFTER_SECONDS));
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.end(
        JSON.stringify({
          error: 'overloaded',
          message: `The order was not placed: ${limit} orders are in progress on this instance; retry after Retry-After with the same Idempotency-Key.`,
        }),
      );
      return;
    }
    inFlight += 1;
    response.once('close', () => (inFlight -= 1));
    next();
  };
  return Object.assign(middleware, { inFlight: (): number => inFlight });
};
