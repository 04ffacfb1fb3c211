import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** New and existing connections are held open and never answered (a hung server). */
  blackhole(): void;
  /** Forwards again; black-holed connections are closed. */
  pass(): void;
  close(): Promise<void>;
}

/** A TCP proxy on a free port in front of `target`, which a test can black-hole and bring back. */
export const startTcpProxy = async (target: { host: string; port: number }): Promise<TcpProxy> => {
  let mode: 'pass' | 'blackhole' = 'pass';
  const open = new Set<Socket>();
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const closeAll = (): void => {
    for (const socket of open) socket.destroy();
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'blackhole') {
      client.resume();
      return;
    }
    const upstream = connect(target.port, target.host);
    track(upstream);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    blackhole() {
      mode = 'blackhole';
      closeAll();
    },
    pass() {
      mode = 'pass';
      closeAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        closeAll();
        server.close(() => resolve());
      }),
  };
};
