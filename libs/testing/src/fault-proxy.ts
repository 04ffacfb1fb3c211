import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** Where a fault proxy forwards to. */
export interface ProxyTarget {
  host: string;
  port: number;
}

/** What the proxy does with traffic; `faults` apply only while it passes traffic. */
export type ProxyMode = 'pass' | 'blackhole' | 'refuse' | 'reset';

export interface ProxyFaults {
  /** Each chunk is held this long (± jitterMs) before it is forwarded, in order per direction. */
  delayMs: number;
  jitterMs: number;
  /** Chance that a chunk from the client resets its connection (both sides) instead of going through. */
  resetRate: number;
}

export interface FaultProxy {
  readonly port: number;
  /** `127.0.0.1:<port>`, to give a client instead of the target's address. */
  readonly address: string;
  readonly mode: ProxyMode;
  /** Connections accepted, and connections reset by `resetRate`, since start. */
  readonly stats: { accepted: number; reset: number };
  /** Forwards with the given faults (none by default): also heals every other mode. */
  pass(faults?: Partial<ProxyFaults>): Promise<void>;
  /** Keeps connections, old and new, open and forwards nothing (a hung server); they are reset when it ends. */
  blackhole(): Promise<void>;
  /** Stops listening: new connections are refused (ECONNREFUSED), open ones keep working. */
  refuse(): Promise<void>;
  /** Resets every open connection and refuses new ones (a crashed server). */
  reset(): Promise<void>;
  /** New connections go to `target`; open ones are reset, so clients reconnect there (a failover). */
  retarget(target: ProxyTarget): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket | undefined;
  timers: Set<NodeJS.Timeout>;
}

const NO_FAULTS: ProxyFaults = { delayMs: 0, jitterMs: 0, resetRate: 0 };

/**
 * A TCP proxy for chaos tests (node:net only): listens on `port` (0: a free one) and forwards to `target`,
 * with faults switched at run time. Kafka behind it needs the broker to advertise the proxy's port.
 */
export const startFaultProxy = async (
  initialTarget: ProxyTarget,
  { port: wantedPort = 0, random = Math.random }: { port?: number; random?: () => number } = {},
): Promise<FaultProxy> => {
  let target = initialTarget;
  let mode: ProxyMode = 'pass';
  let faults = NO_FAULTS;
  const links = new Set<Link>();
  const stats = { accepted: 0, reset: 0 };

  const drop = (link: Link, rst: boolean): void => {
    if (!links.delete(link)) return;
    for (const timer of link.timers) clearTimeout(timer);
    for (const socket of [link.client, link.upstream]) {
      if (socket && !socket.destroyed) {
        if (rst) socket.resetAndDestroy();
        else socket.destroy();
      }
    }
  };
  const dropAll = (rst: boolean): void => {
    for (const link of [...links]) drop(link, rst);
  };

  /**
   * Forwards `from` → `to` through the current faults. Delayed chunks wait in one queue per direction,
   * drained by one timer, so jitter never reorders them (timers of different durations may fire out of
   * order within a millisecond).
   */
  const forward = (link: Link, from: Socket, to: Socket, fromClient: boolean): void => {
    const queue: { due: number; chunk: Buffer }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const drain = (): void => {
      if (timer) link.timers.delete(timer);
      timer = undefined;
      while (queue.length > 0 && queue[0]!.due <= Date.now()) to.write(queue.shift()!.chunk);
      if (queue.length > 0) {
        timer = setTimeout(drain, queue[0]!.due - Date.now());
        link.timers.add(timer);
      }
    };
    from.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') return;
      if (fromClient && faults.resetRate > 0 && random() < faults.resetRate) {
        stats.reset++;
        drop(link, true);
        return;
      }
      const wait = faults.delayMs + (faults.jitterMs > 0 ? faults.jitterMs * (2 * random() - 1) : 0);
      if (wait <= 0 && queue.length === 0) {
        to.write(chunk);
        return;
      }
      queue.push({ due: Math.max(queue.at(-1)?.due ?? 0, Date.now() + wait), chunk });
      if (timer === undefined) drain();
    });
  };

  const accept = (client: Socket): void => {
    stats.accepted++;
    const link: Link = { client, upstream: undefined, timers: new Set() };
    links.add(link);
    client.on('error', () => drop(link, false)).on('close', () => drop(link, false));
    if (mode === 'blackhole') {
      client.resume();
      return;
    }
    const upstream = connect(target.port, target.host);
    link.upstream = upstream;
    upstream.on('error', () => drop(link, false)).on('close', () => drop(link, false));
    forward(link, client, upstream, true);
    forward(link, upstream, client, false);
  };

  // A listener per listening period: a closed server finishes closing only when its connections have
  // ended, and those outlive a refusal.
  let server: Server | undefined;
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const next = createServer(accept);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        next.off('error', reject);
        server = next;
        resolve((next.address() as AddressInfo).port);
      });
    });
  const stopListening = (): void => {
    server?.close();
    server = undefined;
  };

  // Refusing closes the listener, so clients see ECONNREFUSED as from a stopped server; the same port
  // is taken again to heal.
  const port = await listen(wantedPort);
  const setMode = async (next: ProxyMode): Promise<void> => {
    if (mode === 'blackhole' && next !== 'blackhole') dropAll(true);
    mode = next;
    if (next === 'refuse' || next === 'reset') stopListening();
    else if (server === undefined) await listen(port);
  };

  return {
    port,
    address: `127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    stats,
    async pass(given = {}) {
      faults = { ...NO_FAULTS, ...given };
      await setMode('pass');
    },
    blackhole: () => setMode('blackhole'),
    refuse: () => setMode('refuse'),
    async reset() {
      await setMode('reset');
      dropAll(true);
    },
    retarget(next) {
      target = next;
      dropAll(true);
    },
    close() {
      dropAll(false);
      stopListening();
      return Promise.resolve();
    },
  };
};
