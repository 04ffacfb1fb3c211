import { createServer, type AddressInfo } from 'node:net';

const listenOn = (port: number): Promise<number | undefined> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      server.close(() => resolve(bound));
    });
  });

const ATTEMPTS = 50;

/**
 * The first of `count` consecutive loopback ports that are free now, for servers that take their ports as
 * arguments (a Kafka node's client and controller ports, three nodes' six). The OS picks the first, so
 * parallel tests start from different places; the others are checked one by one. The ports are free when
 * this returns, not reserved: a server that loses the race to another process fails its start loudly.
 */
export const freePortRun = async (count: number): Promise<number> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const first = await listenOn(0);
    if (first === undefined || first + count - 1 > 65_535) continue;
    let free = true;
    for (let port = first + 1; free && port < first + count; port += 1) {
      free = (await listenOn(port)) !== undefined;
    }
    if (free) return first;
  }
  throw new Error(`No ${count} consecutive free loopback ports found in ${ATTEMPTS} attempts.`);
};
