import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import { freePortRun, waitFor } from '@orderflow/testing';

/**
 * A redis-server of the test's own, never the shared one: append-only file with `appendfsync everysec`
 * (what the stack runs) in a temporary folder, so a test may SIGKILL it, roll its data back and start it
 * again on the same port.
 */
export interface PrivateRedis {
  url: string;
  /** The folder holding the append-only file. */
  dir: string;
  /** SIGKILL: no shutdown save, no final fsync; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder, and resolves once it answers. */
  start(): Promise<void>;
  /** Copies the data folder as it is now (a running Redis: a prefix of its writes, as a host crash leaves). */
  snapshot(): string;
  /** Replaces the data folder with a snapshot; only while killed. */
  restore(snapshot: string): void;
  /** Kills it and deletes its folders. */
  close(): Promise<void>;
}

export const startPrivateRedis = async (): Promise<PrivateRedis> => {
  const root = mkdtempSync(join(tmpdir(), 'orderflow-private-redis-'));
  const dir = join(root, 'data');
  const port = await freePortRun(1);
  const url = `redis://127.0.0.1:${port}`;
  const snapshots: string[] = [];
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', ''];
    const started = spawn(
      '/usr/bin/redis-server',
      [...args, '--appendonly', 'yes', '--appendfsync', 'everysec'],
      { stdio: 'ignore' },
    );
    child = started;
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await waitFor(
        async () => {
          if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
          // Loading the append-only file answers LOADING until done.
          const pong = await probe
            .connect()
            .then(() => probe.ping())
            .catch(() => undefined);
          if (pong !== 'PONG') probe.disconnect();
          return pong === 'PONG' ? true : undefined;
        },
        { description: `a private redis-server on ${url}`, timeoutMs: 15_000, intervalMs: 50 },
      );
    } finally {
      probe.disconnect();
    }
  };

  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  mkdirSync(dir);
  await start();
  return {
    url,
    dir,
    kill,
    start,
    snapshot() {
      const target = join(root, `snapshot-${snapshots.length + 1}`);
      cpSync(dir, target, { recursive: true });
      snapshots.push(target);
      return target;
    },
    restore(snapshot) {
      if (child) throw new Error('restore() needs the private Redis killed first');
      rmSync(dir, { recursive: true, force: true });
      cpSync(snapshot, dir, { recursive: true });
    },
    async close() {
      await kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
};
