import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runFixedRateLoad } from './fixed-rate-load';

/** A local HTTP server whose answers the test controls: the load generator's logic, no Kafka involved. */
const startServer = async (
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; server: Server }> => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => handle(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, server };
};

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('runFixedRateLoad', () => {
  it('sends rate × seconds requests and counts their answers by status', async () => {
    let served = 0;
    const { url, server } = await startServer((_, response) => {
      served += 1;
      response.writeHead(served % 10 === 0 ? 503 : 202).end('{}');
    });
    try {
      const report = await runFixedRateLoad({ url, body: '{}', rate: 100, seconds: 0.3 });
      expect(report.sent).toBe(30);
      expect(report.statusCounts).toEqual({ 202: 27, 503: 3 });
      expect(report.errors + report.timeouts).toBe(0);
      // Spread over the period, not sent in a burst.
      expect(report.durationSeconds).toBeGreaterThan(0.25);
    } finally {
      await close(server);
    }
  });

  it('keeps sending while answers are outstanding, and counts latency from each request’s due time', async () => {
    const held: ServerResponse[] = [];
    let releaseAll: () => void = () => undefined;
    const allArrived = new Promise<void>((resolve) => (releaseAll = resolve));
    const { url, server } = await startServer((_, response) => {
      held.push(response);
      if (held.length === 10) releaseAll();
    });
    try {
      const run = runFixedRateLoad({ url, body: '{}', rate: 50, seconds: 0.2 });
      // All ten arrive although none has been answered: the load is open loop.
      await allArrived;
      for (const response of held) response.writeHead(202).end('{}');
      const report = await run;
      expect(report.statusCounts).toEqual({ 202: 10 });
      // The first was due about 180 ms before the release and waited all that time.
      expect(report.latency.max).toBeGreaterThanOrEqual(150);
    } finally {
      await close(server);
    }
  });

  it('counts a request not answered in time as a timeout', async () => {
    const { url, server } = await startServer(() => undefined);
    try {
      const report = await runFixedRateLoad({ url, body: '{}', rate: 10, seconds: 0.1, timeoutMs: 100 });
      expect(report).toMatchObject({ sent: 1, statusCounts: {}, timeouts: 1, errors: 0 });
    } finally {
      await close(server);
    }
  });
});
