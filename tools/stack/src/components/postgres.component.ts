import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';
import { ensureDatabase, postgresProbe } from '@orderflow/postgres';
import { pollUntil } from '@orderflow/wait';

import { runningPid, startDetached, stopProcess, whileRunning } from '../managed-process';
import type { StackSettings } from '../stack-settings';
import { componentStatus } from './component-status';
import { findPostgresBinDir, postgresUser } from './postgres-binaries';
import type { StackComponent } from './stack-component';

/** The superuser initdb creates and the database the services use. */
export const POSTGRES_USER = 'orderflow';
export const POSTGRES_DATABASE = 'orderflow';

/**
 * What the outbox relay needs of any server (docker-compose.kafka.yml's too): logical WAL for Debezium's
 * replication slot (Connect owns it; 16 slots and senders leave room for the connectors and WAL readers
 * of integration tests running in parallel, each on a database of its own).
 */
export const POSTGRES_REPLICATION_SETTINGS = {
  wal_level: 'logical',
  max_wal_senders: '16',
  max_replication_slots: '16',
} as const;

/**
 * Server settings, given on the command line so they are visible in `ps` and cannot drift from the
 * code: the replication settings above, the socket in the stack's own folder (never
 * /var/run/postgresql, which the machine's server uses), loopback only.
 */
const serverArgs = (host: string, port: number, socketDir: string): string[] =>
  [
    `listen_addresses=${host}`,
    `port=${port}`,
    `unix_socket_directories=${socketDir}`,
    ...Object.entries(POSTGRES_REPLICATION_SETTINGS).map(([name, value]) => `${name}=${value}`),
    'shared_buffers=64MB',
    'fsync=on',
  ].flatMap((setting) => ['-c', setting]);

/** The PostgreSQL DATABASE_URL names: probed, never started or stopped by the stack. */
const externalPostgres = (url: string): StackComponent => {
  const probe = postgresProbe(url);
  return {
    name: 'postgres',
    address: url,
    prepare: () => Promise.resolve(),
    start: () => undefined,
    waitUntilReady: async (timeoutMs) => {
      await pollUntil(() => ensureDatabase(url).then(() => true), {
        description: `PostgreSQL at ${url}`,
        timeoutMs,
      });
    },
    status: () => componentStatus('postgres', url, probe, 'external'),
    pid: () => undefined,
    stop: () => Promise.resolve(false),
  };
};

export interface PostgresLocation {
  host: string;
  port: number;
  /** Holds `data/` and the socket; its parents must be traversable by the `postgres` user. */
  home: string;
  pidFile: string;
  logFile: string;
}

/**
 * Debian's PostgreSQL server in a folder of its own: initdb once (trust auth on loopback, which also
 * admits Debezium's replication connection), then `postgres` itself in the background, tracked by a pid
 * file like the other servers. Stopped with SIGINT ("fast" shutdown: connected services' sessions are
 * ended), because SIGTERM would wait for every client to disconnect.
 */
export const createLocalPostgres = (location: PostgresLocation): StackComponent => {
  const { host, port, home } = location;
  const dataDir = join(home, 'data');
  const address = `postgres://${POSTGRES_USER}@${host}:${port}/${POSTGRES_DATABASE}`;
  const probe = postgresProbe(address);
  const pidSpec = { pidFile: location.pidFile, signature: `-D ${dataDir}`, logFile: location.logFile };
  let binDir: string | undefined;
  const bin = (name: string): string => join((binDir ??= findPostgresBinDir()), name);

  const initialise = (user: { uid: number; gid: number } | undefined): void => {
    if (existsSync(join(dataDir, 'PG_VERSION'))) return;
    const result = spawnSync(
      bin('initdb'),
      ['-D', dataDir, '-U', POSTGRES_USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'],
      { encoding: 'utf8', uid: user?.uid, gid: user?.gid, cwd: home, env: { ...process.env, HOME: home } },
    );
    if (result.status !== 0) {
      throw new OrderflowError(
        'STACK_START_FAILED',
        `initdb failed in ${dataDir}: ${(result.stderr || result.error?.message || '').trim()}`,
        { context: { dataDir } },
      );
    }
  };

  return {
    name: 'postgres',
    address,
    prepare: () => {
      const user = postgresUser();
      mkdirSync(home, { recursive: true, mode: 0o700 });
      if (user !== undefined) chownSync(home, user.uid, user.gid);
      initialise(user);
      return Promise.resolve();
    },
    start(report) {
      if (runningPid(pidSpec) !== undefined) return;
      const pid = startDetached({
        ...pidSpec,
        command: bin('postgres'),
        args: ['-D', dataDir, ...serverArgs(host, port, home)],
        cwd: home,
        user: postgresUser(),
      });
      report(`postgres starting (pid ${pid}, ${host}:${port})`);
    },
    waitUntilReady: async (timeoutMs) => {
      // The server answers before the database exists on a first start; creating it is part of ready.
      await pollUntil(
        whileRunning(pidSpec, () => ensureDatabase(address).then(() => true)),
        { description: `PostgreSQL at ${address}`, timeoutMs },
      );
    },
    status: () => componentStatus('postgres', address, probe, runningPid(pidSpec)),
    pid: () => runningPid(pidSpec),
    stop: () => stopProcess(pidSpec, 30_000, 'SIGINT'),
  };
};

export const createPostgresComponent = (settings: StackSettings): StackComponent =>
  settings.externalDatabaseUrl === undefined
    ? createLocalPostgres({
        host: settings.host,
        port: settings.ports.postgres,
        home: join(settings.stackDir, 'postgres'),
        pidFile: join(settings.runDir, 'postgres.pid'),
        logFile: join(settings.logsDir, 'postgres.log'),
      })
    : externalPostgres(settings.externalDatabaseUrl);
