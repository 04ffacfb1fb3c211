import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Registry } from 'prom-client';

/**
 * /health/live (the process answers), /health/ready (its worker consumes: what `orderflow start` waits on)
 * and /metrics (Prometheus).
 */
export const startHealthServer = async (
  host: string,
  port: number,
  ready: () => { ready: boolean; detail: string },
  metrics: Registry,
): Promise<{ server: Server; url: string }> => {
  const server = createServer((request, response) => {
    if (request.url === '/metrics') {
      void metrics
        .metrics()
        .then((text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text));
      return;
    }
    const state =
      request.url === '/health/ready'
        ? ready()
        : request.url === '/health/live'
          ? { ready: true, detail: 'live' }
          : undefined;
    if (state === undefined) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(state.ready ? 200 : 503, { 'content-type': 'application/json' })
      .end(
        JSON.stringify(
          state.ready ? { status: 'ok', detail: state.detail } : { status: 'error', error: state.detail },
        ),
      );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}` };
};
