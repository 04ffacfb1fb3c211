import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { waitUntil } from '@orderflow/testing';

import { limitOrdersInFlight } from './admission-limit';

/** A server whose POSTs wait until the test releases them, behind the limit. */
const startServer = async (limit: number) => {
  const admit = limitOrdersInFlight(limit);
  const waiting: (() => void)[] = [];
  const server: Server = createServer((request, response) =>
    admit(request, response, () => {
      if (request.method !== 'POST') {
        response.end('read');
        return;
      }
      waiting.push(() => response.end('placed'));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
  return { server, url, waiting, admit };
};

const waitFor = (description: string, condition: () => boolean): Promise<void> =>
  waitUntil(condition, { description, timeoutMs: 5_000, intervalMs: 5 });

describe('limitOrdersInFlight', () => {
  it('answers a POST beyond the limit 503 overloaded at once, and admits again once one is answered', async () => {
    const { server, url, waiting } = await startServer(2);
    try {
      const held = [fetch(url, { method: 'POST' }), fetch(url, { method: 'POST' })];
      await waitFor('two POSTs admitted', () => waiting.length === 2);
      const refused = await fetch(url, { method: 'POST' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(await refused.json()).toMatchObject({ error: 'overloaded' });
      // Reads are never limited.
      expect(await (await fetch(url)).text()).toBe('read');

      waiting.shift()?.();
      expect(await (await held[0]!).text()).toBe('placed');
      const admitted = fetch(url, { method: 'POST' });
      await waitFor('the freed slot taken', () => waiting.length === 2);
      for (const release of waiting.splice(0)) release();
      expect(await (await admitted).text()).toBe('placed');
      expect(await (await held[1]!).text()).toBe('placed');
    } finally {
      server.close();
    }
  });

  it('frees the slot of a client that went away before its answer', async () => {
    const { server, url, waiting, admit } = await startServer(1);
    try {
      const abandoned = new AbortController();
      const gone = fetch(url, { method: 'POST', signal: abandoned.signal }).catch(() => 'aborted');
      await waitFor('the POST admitted', () => waiting.length === 1);
      abandoned.abort();
      expect(await gone).toBe('aborted');
      // The slot frees when the server sees the connection close.
      await waitFor('the slot freed', () => admit.inFlight() === 0);
      const next = fetch(url, { method: 'POST' });
      await waitFor('the next POST admitted', () => waiting.length === 2);
      waiting[1]?.();
      expect((await next).status).toBe(200);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
