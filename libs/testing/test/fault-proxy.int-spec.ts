import { connect, type Socket } from 'node:net';

import {
  integrationSettings,
  startFaultProxy,
  startRedisServer,
  type FaultProxy,
  type RedisServerProcess,
  waitFor,
} from '@orderflow/testing';

/** A raw connection to the proxy, so each test sees exactly what the proxy does to one TCP stream. */
const open = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });

/** Sends one inline Redis command; the answer, or what happened instead (`reset`, `closed`, `silent`). */
const ask = (socket: Socket, command: string, silentAfterMs = 2_000): Promise<string> =>
  new Promise((resolve) => {
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.removeAllListeners('data').removeAllListeners('error').removeAllListeners('close');
      resolve(outcome);
    };
    // The bound for "no answer": a black hole is proved by silence, which needs a deadline.
    const timer = setTimeout(() => done('silent'), silentAfterMs);
    socket.on('data', (chunk: Buffer) => done(chunk.toString().trim()));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'ECONNRESET' ? 'reset' : 'error'),
    );
    socket.on('close', () => done('closed'));
    socket.write(`${command}\r\n`);
  });

const refusal = (port: number): Promise<string | undefined> =>
  open(port).then(
    (socket) => {
      socket.destroy();
      return undefined;
    },
    (error: NodeJS.ErrnoException) => error.code,
  );

describe('the fault proxy in front of the real Redis', () => {
  const redisPort = Number(new URL(integrationSettings().redisUrl).port);
  let proxy: FaultProxy;
  const sockets: Socket[] = [];
  const through = async (): Promise<Socket> => {
    const socket = await open(proxy.port);
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    proxy = await startFaultProxy({ host: '127.0.0.1', port: redisPort });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await proxy.close();
  });

  it('passes traffic both ways', async () => {
    expect(await ask(await through(), 'PING')).toBe('+PONG');
    expect(proxy.stats.accepted).toBe(1);
  });

  it('delays each direction by at least the delay minus the jitter, and keeps the order', async () => {
    await proxy.pass({ delayMs: 100, jitterMs: 40 });
    const socket = await through();
    const started = Date.now();
    expect(await ask(socket, 'PING')).toBe('+PONG');
    // Request and answer are each held 60..140 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 60);

    const key = `fault-proxy-order-${Date.now()}`;
    // Chunk boundaries are the network's: split the whole stream into answers.
    let received = '';
    const answers = () => received.split('\r\n').filter((line) => line !== '');
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    // One chunk per command, each with its own jittered delay: order must survive the jitter.
    socket.setNoDelay(true);
    for (let n = 0; n < 30; n++) {
      socket.write(`INCR ${key}\r\n`);
      await new Promise(setImmediate);
    }
    await waitFor(() => Promise.resolve(answers().length >= 30 ? true : undefined), {
      description: '30 answers through the delaying proxy',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    expect(answers()).toEqual(Array.from({ length: 30 }, (_, n) => `:${n + 1}`));
    socket.removeAllListeners('data');
    expect(await ask(socket, `DEL ${key}`)).toBe(':1');
  });

  it('black-holes open and new connections without closing them, then resets them when traffic passes again', async () => {
    const before = await through();
    expect(await ask(before, 'PING')).toBe('+PONG');
    await proxy.blackhole();
    expect(await ask(before, 'PING', 500)).toBe('silent');
    const during = await through();
    expect(await ask(during, 'PING', 500)).toBe('silent');

    const outcomes = Promise.all([before, during].map((socket) => ask(socket, 'PING')));
    await proxy.pass();
    expect(await outcomes).toEqual(['reset', 'reset']);
    expect(await ask(await through(), 'PING')).toBe('+PONG');
  });

  it('refuses new connections while open ones keep working, and accepts again on the same port', async () => {
    const open1 = await through();
    await proxy.refuse();
    expect(await refusal(proxy.port)).toBe('ECONNREFUSED');
    expect(await ask(open1, 'PING')).toBe('+PONG');
    await proxy.pass();
    expect(await ask(await through(), 'PING')).toBe('+PONG');
  });

  it('resets open connections and refuses new ones, like a crashed server', async () => {
    const open1 = await through();
    const outcome = ask(open1, 'PING', 5_000);
    await proxy.reset();
    // The reset may reach the socket before or after it wrote the PING: either way no answer comes.
    expect(['reset', 'closed', '+PONG']).toContain(await outcome);
    expect(['reset', 'closed']).toContain(await ask(open1, 'PING'));
    expect(await refusal(proxy.port)).toBe('ECONNREFUSED');
    await proxy.pass();
    expect(await ask(await through(), 'PING')).toBe('+PONG');
  });

  it('resets a connection at the configured rate of client chunks', async () => {
    const dice = [0.9, 0.1];
    await proxy.close();
    proxy = await startFaultProxy(
      { host: '127.0.0.1', port: redisPort },
      { random: () => dice.shift() ?? 0.9 },
    );
    await proxy.pass({ resetRate: 0.5 });
    const socket = await through();
    expect(await ask(socket, 'PING')).toBe('+PONG');
    expect(await ask(socket, 'PING')).toBe('reset');
    expect(proxy.stats.reset).toBe(1);
  });

  describe('retargeted', () => {
    let other: RedisServerProcess;
    beforeAll(async () => {
      other = await startRedisServer();
      const client = other.client();
      await client.connect();
      await client.set('fault-proxy-target', 'the other one');
      await client.quit();
    });
    afterAll(() => other?.close());

    it('resets open connections and sends new ones to the new target', async () => {
      const before = await through();
      expect(await ask(before, 'GET fault-proxy-target')).toBe('$-1');
      proxy.retarget({ host: '127.0.0.1', port: other.port });
      expect(['reset', 'closed']).toContain(await ask(before, 'PING'));
      expect(await ask(await through(), 'GET fault-proxy-target')).toBe('$13\r\nthe other one');
    });
  });
});
