import { pollUntil } from '@orderflow/wait';

import type { FaultProxy } from './fault-proxy';
import { readRedisInfo, startRedisServer, type RedisServerProcess } from './redis-server';

/**
 * A Redis failover that loses acknowledged writes, without Docker: a replica of the primary (asynchronous
 * replication, as Sentinel or a managed Redis runs it) is stopped so it falls behind, the primary dies,
 * the replica is promoted and the clients' proxy is pointed at it. What the primary acknowledged after the
 * replica stopped is gone, behind Kafka offsets that were committed meanwhile.
 */
export interface RedisRollback {
  replica: RedisServerProcess;
  /** Resolves once the replica has every write the primary has (link up, same replication offset). */
  whenInSync(): Promise<void>;
  /** SIGSTOP the replica: from now on the primary's writes pile up in its replication buffer. */
  pauseReplica(): void;
  /**
   * SIGKILL the primary, wake the replica, `REPLICAOF NO ONE`, retarget the proxy. Returns both replication
   * offsets: the difference is the bytes of acknowledged writes lost.
   */
  promote(): Promise<{ primaryOffset: number; replicaOffset: number; lostBytes: number }>;
  /** Kills the replica and deletes its folder if it made one (the primary is the caller's). */
  close(): Promise<void>;
}

export interface RedisRollbackOptions {
  /** The primary the clients reach through `proxy`, and how to kill it (SIGKILL, resolving once gone). */
  primary: { port: number; kill(): Promise<void> };
  proxy: FaultProxy;
  /** The replica's port and folder (default: free ones). */
  replicaPort?: number;
  replicaDir?: string;
}

const replicationOffset = async (url: string): Promise<number> =>
  Number((await readRedisInfo(url, 'replication')).master_repl_offset ?? Number.NaN);

export const startRedisRollback = async (options: RedisRollbackOptions): Promise<RedisRollback> => {
  const primaryUrl = `redis://127.0.0.1:${options.primary.port}`;
  const replica = await startRedisServer({
    port: options.replicaPort,
    dir: options.replicaDir,
    args: ['--replicaof', '127.0.0.1', String(options.primary.port)],
  });

  return {
    replica,
    whenInSync: () =>
      pollUntil(
        async () => {
          const [mine, theirs] = await Promise.all([
            replica.info('replication'),
            replicationOffset(primaryUrl),
          ]);
          return mine.master_link_status === 'up' && Number(mine.slave_repl_offset) === theirs
            ? true
            : undefined;
        },
        { description: `the replica on ${replica.url} to catch up`, timeoutMs: 30_000, intervalMs: 100 },
      ).then(() => undefined),
    pauseReplica: () => replica.pause(),
    async promote() {
      const primaryOffset = await replicationOffset(primaryUrl);
      await options.primary.kill();
      replica.resume();
      const admin = replica.client();
      try {
        await admin.connect();
        await admin.call('REPLICAOF', 'NO', 'ONE');
      } finally {
        admin.disconnect();
      }
      const replicaOffset = await replicationOffset(replica.url);
      options.proxy.retarget({ host: '127.0.0.1', port: replica.port });
      return { primaryOffset, replicaOffset, lostBytes: primaryOffset - replicaOffset };
    },
    close: () => replica.close(),
  };
};
