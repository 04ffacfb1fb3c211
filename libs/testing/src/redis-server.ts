import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import { pollUntil } from '@orderflow/wait';

import { freePortRun } from './free-port';

/** A redis-server process of a test's own (never the shared one), which the test may kill and stop. */
export interface RedisServerProcess {
  port: number;
  url: string;
  /** Its data folder (append-only file). */
  dir: string;
  pid: number;
  /** A client that fails at once instead of retrying (for INFO and admin commands). */
  client(): Redis;
  /** INFO <section> as key → value. */
  info(section: string): Promise<Record<string, string>>;
  /** SIGSTOP / SIGCONT: a stalled server that keeps its sockets. */
  pause(): void;
  resume(): void;
  /** SIGKILL: no shutdown save; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder; resolves once it answers. */
  restart(): Promise<void>;
  /** Kills it and deletes its folder if it made one. */
  close(): Promise<void>;
}

export interface RedisServerOptions {
  /** Default: a free port. */
  port?: number;
  /** Default: a new temporary folder. */
  dir?: string;
  /** More redis-server arguments, e.g. `['--replicaof', '127.0.0.1', '6379']`. */
  args?: string[];
}

/** INFO's `key:value` lines as an object. */
export const parseRedisInfo = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\r\n')
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );

/** A client that fails at once instead of retrying: for INFO and admin commands of a server under faults. */
export const oneShotRedis = (url: string): Redis =>
  new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });

/** INFO <section> of the Redis at `url`, as key → value. */
export const readRedisInfo = async (url: string, section: string): Promise<Record<string, string>> => {
  const connection = oneShotRedis(url);
  try {
    await connection.connect();
    return parseRedisInfo(await connection.info(section));
  } finally {
    connection.disconnect();
  }
};

/**
 * PING over a plain socket: the answer's first line (`+PONG`, or `-LOADING …` while the append-only file
 * loads), undefined when nothing answers. Not ioredis: a refused connect leaves its connect timer running.
 */
const ping = (port: number): Promise<string | undefined> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = (result: string | undefined) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1_000, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.slice(0, answer.indexOf('\r\n')));
    });
    socket.write('PING\r\n');
  });

/**
 * Starts the machine's redis-server with the stack's persistence (append-only file, fsync every second)
 * on loopback, and resolves once it answers PING (after loading its file).
 */
export const startRedisServer = async (options: RedisServerOptions = {}): Promise<RedisServerProcess> => {
  const port = options.port ?? (await freePortRun(1));
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'orderflow-redis-'));
  mkdirSync(dir, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  const client = (): Redis => oneShotRedis(url);
  let child: ChildProcess;

  const start = async (): Promise<void> => {
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', ''];
    const started = spawn(
      'redis-server',
      [...args, '--appendonly', 'yes', '--appendfsync', 'everysec', ...(options.args ?? [])],
      { stdio: 'ignore' },
    );
    child = started;
    await pollUntil(
      async () => {
        if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
        return (await ping(port)) === '+PONG' ? true : undefined;
      },
      { description: `redis-server on ${url}`, timeoutMs: 15_000, intervalMs: 50 },
    );
  };

  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url,
    dir,
    get pid() {
      return child.pid!;
    },
    client,
    info: (section) => readRedisInfo(url, section),
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    kill,
    restart: start,
    async close() {
      await kill();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
};
