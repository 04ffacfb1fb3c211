import { createServer, type Server } from 'node:net';

import { freePortRun } from './free-port';

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('freePortRun', () => {
  it('answers the first of six consecutive ports that a server can then bind, each of them', async () => {
    const first = await freePortRun(6);
    const servers = await Promise.all([0, 1, 2, 3, 4, 5].map((offset) => listen(first + offset)));
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
});
