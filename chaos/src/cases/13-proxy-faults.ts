import { setTimeout as sleep } from 'node:timers/promises';

import { startFaultProxy, type FaultProxy } from '@orderflow/testing';

import type { CaseFixture, ChaosCase } from '../case.types';

/** The audit's fault: 200 ± 50 ms each way and 5% of the clients' chunks resetting their connection. */
const FAULTS = { delayMs: 200, jitterMs: 50, resetRate: 0.05 };
const AUDIT_DURATION_MS = 180_000;
const MIN_DURATION_MS = 20_000;

interface ProxyFixture extends CaseFixture {
  redis: FaultProxy;
  registry: FaultProxy;
}

const targetOf = (url: URL): { host: string; port: number } => ({
  host: url.hostname,
  port: Number(url.port),
});

/**
 * The services reach Redis and the registry through a fault proxy each (the harness's own readers do not).
 * Kafka is not proxied: a broker behind a proxy must advertise the proxy's port, which the embedded stack
 * cannot do yet (ORDERFLOW_KAFKA_ADVERTISED_PORT).
 */
const setUp = async (): Promise<ProxyFixture> => {
  const redisUrl = new URL(process.env.REDIS_URL ?? '');
  const registryUrl = new URL(process.env.SCHEMA_REGISTRY_URL ?? '');
  const redis = await startFaultProxy(targetOf(redisUrl));
  const registry = await startFaultProxy(targetOf(registryUrl));
  const through = (url: URL, proxy: FaultProxy): string => {
    const proxied = new URL(url);
    proxied.host = proxy.address;
    return proxied.toString().replace(/\/$/, '');
  };
  return {
    redis,
    registry,
    env: { REDIS_URL: through(redisUrl, redis), SCHEMA_REGISTRY_URL: through(registryUrl, registry) },
    close: async () => {
      await redis.close();
      await registry.close();
    },
  };
};

/**
 * Case 13: latency and connection resets between the services and Redis and the registry, through a TCP
 * proxy, for the audit's 3 minutes or until the load has been sent (at least 20 s). Expected: throughput
 * drops, nothing else: I1–I9 hold and no good record is dead-lettered (a Redis call that fails is read
 * again, not routed), the order API answers within its deadline.
 */
export const proxyFaults: ChaosCase = {
  number: 13,
  name: 'proxy-faults',
  title: 'Redis and registry through a proxy: 200 ± 50 ms each way and 5% connection resets (Kafka direct)',
  setUp,
  // The faults last as long as orders arrive: at least a minute of load, whatever --orders.
  minLoadSeconds: 60,
  async inject({ fixture, faults, load, checks }) {
    const { redis, registry } = fixture as ProxyFixture;
    if (!(await faults.whenInFlight())) return;
    const started = Date.now();
    await Promise.all([redis.pass(FAULTS), registry.pass(FAULTS)]);
    faults.note('delay 200±50 ms, 5% resets', 'redis, schema-registry');
    while (Date.now() - started < AUDIT_DURATION_MS) {
      if (Date.now() - started >= MIN_DURATION_MS && load.allStarted()) break;
      await sleep(1_000);
    }
    await Promise.all([redis.pass(), registry.pass()]);
    faults.healed(`proxy faults for ${Math.round((Date.now() - started) / 1_000)} s`);
    checks.push({
      id: 'C13',
      name: 'the proxies saw traffic and reset connections',
      pass: redis.stats.reset > 0,
      counts: {
        redisConnections: redis.stats.accepted,
        redisResets: redis.stats.reset,
        registryConnections: registry.stats.accepted,
        registryResets: registry.stats.reset,
      },
      examples: [],
    });
  },
};
