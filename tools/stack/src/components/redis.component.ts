import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

import { redisProbe } from '../health-probes';
import { runningPid, startDetached, stopProcess, whileRunning } from '../managed-process';
import type { StackSettings } from '../stack-settings';
import { componentStatus } from './component-status';
import type { StackComponent } from './stack-component';

const requireRedisServer = (): void => {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new OrderflowError(
      'PREREQUISITE_MISSING',
      'redis-server is not installed: `apt-get install redis-server`, or set REDIS_URL to a Redis you run.',
    );
  }
};

/** The Redis that REDIS_URL names: probed, never started or stopped by the stack. */
const externalRedis = (url: string): StackComponent => {
  const probe = redisProbe(url);
  return {
    name: 'redis',
    address: url,
    prepare: () => Promise.resolve(),
    start: () => undefined,
    waitUntilReady: (timeoutMs) =>
      pollUntil(() => probe(), { description: `Redis at ${url}`, timeoutMs }).then(() => undefined),
    status: () => componentStatus('redis', url, probe, 'external'),
    pid: () => undefined,
    stop: () => Promise.resolve(false),
  };
};

/**
 * The machine's redis-server on the stack's own port and folder. Append-only persistence, because
 * stock and idempotency markers must survive a restart as long as Kafka's data does. `everysec`: every
 * acknowledged write is in the file before the reply, so a killed Redis loses nothing; the file is fsynced
 * once a second, so a host crash loses up to that second, which the consumers detect through the offsets
 * they keep in Redis and redo (libs/service-runtime, redis-offsets.ts).
 */
const embeddedRedis = (settings: StackSettings): StackComponent => {
  const { host, ports } = settings;
  const home = join(settings.stackDir, 'redis');
  const address = `redis://${host}:${ports.redis}`;
  const probe = redisProbe(address);
  const pidSpec = {
    pidFile: join(settings.runDir, 'redis.pid'),
    // redis-server runs under its arguments until it has loaded its data, then retitles itself
    // "redis-server host:port": a restart that replays a large append-only file is still ours.
    signature: [`${host}:${ports.redis}`, `--port ${ports.redis} `],
    logFile: join(settings.logsDir, 'redis.log'),
  };
  return {
    name: 'redis',
    address,
    prepare: () => {
      requireRedisServer();
      mkdirSync(home, { recursive: true });
      return Promise.resolve();
    },
    start(report) {
      if (runningPid(pidSpec) !== undefined) return;
      const pid = startDetached({
        ...pidSpec,
        command: 'redis-server',
        args: [
          '--bind',
          host,
          '--port',
          String(ports.redis),
          '--dir',
          home,
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'everysec',
        ],
        cwd: home,
      });
      report(`redis starting (pid ${pid}, ${address})`);
    },
    waitUntilReady: (timeoutMs) =>
      pollUntil(whileRunning(pidSpec, probe), { description: `Redis at ${address}`, timeoutMs }).then(
        () => undefined,
      ),
    status: () => componentStatus('redis', address, probe, runningPid(pidSpec)),
    pid: () => runningPid(pidSpec),
    stop: () => stopProcess(pidSpec, 10_000),
  };
};

export const createRedisComponent = (settings: StackSettings): StackComponent =>
  settings.externalRedisUrl === undefined
    ? embeddedRedis(settings)
    : externalRedis(settings.externalRedisUrl);
