import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy in front of one dependency (the registry, Redis) that a test can cut off and heal, and that
 * can answer HTTP 404 for chosen schema ids as a registry replaying its storage does.
 */
export interface TcpProxy {
  /** host:port to give the service instead of the target's. */
  readonly address: string;
  /** Connections refused since start (each is one attempt of the client to reach the target). */
  readonly refused: number;
  /** 404s answered for hidden schema ids. */
  readonly notFoundServed: number;
  /** Requests whose first line contained a counted text, by that text. */
  readonly seen: ReadonlyMap<string, number>;
  /** Closes every open connection and refuses (resets) new ones until `heal`. */
  cutOff(): void;
  /** Closes every open connection and accepts new ones without ever answering (a hung server) until `heal`. */
  blackHole(): void;
  /** Forwards again; connections held by a black hole are reset. */
  heal(): void;
  /** Counts requests whose first chunk contains `text` (e.g. `/schemas/ids/42`). */
  count(text: string): void;
  /** Answers the next `times` requests for `/schemas/ids/<id>` with 404 instead of forwarding them. */
  hideSchemaId(id: number, times: number): void;
  close(): Promise<void>;
}

const NOT_FOUND_BODY = JSON.stringify({ error_code: 40403, message: 'Schema not found' });
const NOT_FOUND =
  'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${Buffer.byteLength(NOT_FOUND_BODY)}\r\n\r\n${NOT_FOUND_BODY}`;

export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  const sockets = new Set<Socket>();
  const seen = new Map<string, number>();
  const hidden = new Map<RegExp, number>();
  let mode: 'pass' | 'refuse' | 'black-hole' = 'pass';
  const held = new Set<Socket>();
  let refused = 0;
  let notFoundServed = 0;

  const server = createServer((client) => {
    if (mode === 'refuse') {
      refused++;
      client.resetAndDestroy();
      return;
    }
    if (mode === 'black-hole') {
      held.add(client);
      client.on('error', () => held.delete(client));
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      for (const counted of seen.keys())
        if (text.includes(counted)) seen.set(counted, seen.get(counted)! + 1);
      for (const [path, left] of hidden) {
        if (left > 0 && path.test(text)) {
          hidden.set(path, left - 1);
          notFoundServed++;
          client.write(NOT_FOUND);
          return;
        }
      }
      upstream.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    get refused() {
      return refused;
    },
    get notFoundServed() {
      return notFoundServed;
    },
    seen,
    cutOff() {
      mode = 'refuse';
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    blackHole() {
      mode = 'black-hole';
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    heal() {
      mode = 'pass';
      for (const socket of held) socket.resetAndDestroy();
      held.clear();
    },
    count(text) {
      seen.set(text, 0);
    },
    hideSchemaId(id, times) {
      hidden.set(new RegExp(`/schemas/ids/${id}[ ?/]`), times);
    },
    async close() {
      for (const socket of [...sockets, ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
