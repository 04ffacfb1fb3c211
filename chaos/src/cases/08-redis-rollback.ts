import { setTimeout as sleep } from 'node:timers/promises';

import { isAlive } from '@orderflow/stack';
import {
  readRedisInfo,
  startFaultProxy,
  startRedisRollback,
  type FaultProxy,
  type RedisRollback,
} from '@orderflow/testing';
import { pollUntil } from '@orderflow/wait';
import Redis from 'ioredis';

import type { CaseFixture, ChaosCase } from '../case.types';
import { stackPid } from '../faults/stack-processes';

/** How long the replica is paused under load before the primary dies: the writes the failover loses. */
const LAG_MS = 5_000;
/** How long the services run on the promoted replica before the case is over. */
const AFTER_FAILOVER_MS = 20_000;

interface RollbackFixture extends CaseFixture {
  proxy: FaultProxy;
  rollback: RedisRollback;
  stackRedisUrl: string;
}

const admin = async (url: string, ...command: string[]): Promise<unknown> => {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return await client.call(command[0]!, ...command.slice(1));
  } finally {
    client.disconnect();
  }
};

/** SIGKILL of the stack's redis-server, resolving once it is gone. */
const killStackRedis = async (): Promise<void> => {
  const pid = stackPid('redis');
  process.kill(pid, 'SIGKILL');
  await pollUntil(() => Promise.resolve(isAlive(pid) ? undefined : true), {
    description: `redis-server (pid ${pid}) to die`,
    timeoutMs: 10_000,
    intervalMs: 50,
  });
};

/**
 * The services reach the stack's Redis through a proxy, and a replica of it runs beside (the harness's own
 * readers keep reading the stack's Redis, which follows the promoted replica after the failover).
 */
const setUp = async (): Promise<RollbackFixture> => {
  const stackRedisUrl = process.env.REDIS_URL ?? '';
  const port = Number(new URL(stackRedisUrl).port);
  const proxy = await startFaultProxy({ host: '127.0.0.1', port });
  const rollback = await startRedisRollback({ primary: { port, kill: killStackRedis }, proxy });
  return {
    proxy,
    rollback,
    stackRedisUrl,
    env: { REDIS_URL: `redis://${proxy.address}` },
    async close() {
      await rollback.close();
      await proxy.close();
      // The stack's Redis was a replica of the promoted one: it keeps that data and takes writes again.
      await admin(stackRedisUrl, 'REPLICAOF', 'NO', 'ONE').catch(() => undefined);
    },
  };
};

/**
 * Case 8 (a characterization, audit F4): Redis rolled back by a failover to a lagging replica. The replica
 * is SIGSTOPped for 5 s under load, the primary SIGKILLed, the replica promoted and the services' proxy
 * pointed at it: what the primary acknowledged in those 5 s (leases, done markers, stock, status views,
 * the offsets each group keeps in Redis) is gone, behind Kafka offsets already committed. The stack's
 * Redis is then started again as a replica of the promoted one, so the checker reads what the services
 * see. What must hold: I1–I3 and I6–I9 (Kafka is untouched); I4 holds only if the consumers notice the
 * rollback (offsets kept in Redis behind Kafka's) and redo the lost effects.
 */
export const redisRollback: ChaosCase = {
  number: 8,
  name: 'redis-rollback',
  title: 'Redis failover to a replica 5 s behind (SIGSTOP), primary SIGKILLed, proxy retargeted',
  setUp,
  async inject({ fixture, faults, checks, log, lostRedisWrites }) {
    const { rollback, stackRedisUrl } = fixture as RollbackFixture;
    if (!(await faults.whenInFlight())) return;
    await rollback.whenInSync();
    // Anything Redis acknowledges from here on may be lost by the failover.
    const inSyncAt = Date.now();
    rollback.pauseReplica();
    faults.note('replica SIGSTOPped', 'redis replica');
    await sleep(LAG_MS);
    const { primaryOffset, replicaOffset, lostBytes } = await rollback.promote();
    faults.note('primary SIGKILLed, replica promoted', 'redis');
    lostRedisWrites.push({ from: inSyncAt, to: Date.now() });
    log(`failover lost ${lostBytes} bytes of acknowledged writes`);
    // The stack's Redis comes back with its own (newer) data, then is made a replica of the promoted one.
    await faults.restartStack();
    await admin(stackRedisUrl, 'REPLICAOF', '127.0.0.1', String(rollback.replica.port));
    await pollUntil(
      async () =>
        (await readRedisInfo(stackRedisUrl, 'replication')).master_link_status === 'up' ? true : undefined,
      { description: "the stack's Redis to follow the promoted replica", timeoutMs: 60_000, intervalMs: 200 },
    );
    faults.healed(`Redis rolled back by ${lostBytes} bytes`);
    await sleep(AFTER_FAILOVER_MS);
    checks.push({
      id: 'C8',
      name: 'the failover lost acknowledged writes',
      pass: lostBytes > 0,
      counts: { primaryOffset, replicaOffset, lostBytes },
      examples: [],
    });
  },
};
