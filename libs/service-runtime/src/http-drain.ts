import type { Server } from 'node:http';

import type { INestApplication } from '@nestjs/common';

/** How often idle keep-alive connections are closed while the server drains. */
const CLOSE_IDLE_EVERY_MS = 100;

export interface HttpDrain {
  /** From now on every response closes its connection, and idle connections are closed as they appear. */
  start(): void;
  stop(): void;
}

/**
 * Lets `server.close()` finish while clients keep their keep-alive connections busy. Node stops accepting
 * connections on close, but serves every request that arrives on one already open, so a client that
 * reuses its connections (as HTTP clients do) held the order API's graceful stop for 50 s in chaos case
 * 14, its requests answered late. Draining, each response says `Connection: close`: a connection carries at
 * most the request in flight and one more, and the client reconnects to the next instance.
 */
export const createHttpDrain = (app: INestApplication): HttpDrain => {
  let draining = false;
  let timer: NodeJS.Timeout | undefined;
  app.use(
    (_request: unknown, response: { setHeader(name: string, value: string): void }, next: () => void) => {
      if (draining) response.setHeader('Connection', 'close');
      next();
    },
  );
  return {
    start() {
      draining = true;
      const server = app.getHttpServer() as Server;
      server.closeIdleConnections();
      timer = setInterval(() => server.closeIdleConnections(), CLOSE_IDLE_EVERY_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
};
