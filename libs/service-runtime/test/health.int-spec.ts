import type { INestMicroservice } from '@nestjs/common';
import type Redis from 'ioredis';

import type { ConnectionSettings } from '@orderflow/config';
import { REDIS_CLIENT, type RunningService } from '@orderflow/service-runtime';
import type { BatchConsumer } from '@orderflow/kafka';
import { produceRecords, waitFor } from '@orderflow/testing';

import { anOrder, startProbe, type Probe } from './runtime-test-kit';

interface HealthAnswer {
  status: number;
  /** Terminus' `details`: every check by name, with its status and fields. */
  details: Record<string, { status: string; [field: string]: unknown }>;
}

const health = async (service: RunningService, which: 'live' | 'ready'): Promise<HealthAnswer> => {
  const response = await fetch(`${service.url}/health/${which}`);
  const body = (await response.json()) as { details?: HealthAnswer['details'] };
  return { status: response.status, details: body.details ?? {} };
};

/** The names of the checks that are down, sorted. */
const downChecks = ({ details }: HealthAnswer): string[] =>
  Object.entries(details)
    .filter(([, check]) => check.status === 'down')
    .map(([name]) => name)
    .sort();

// Port 1 on loopback refuses connections at once: a dependency that is down, not one that is slow.
const DEAD = {
  redisUrl: 'redis://127.0.0.1:1',
  schemaRegistryUrl: 'http://127.0.0.1:1/apis/ccompat/v7',
  kafkaBrokers: ['127.0.0.1:1'],
};

describe('health: /health/ready names the dependency that is down while /health/live stays up', () => {
  const probes: Probe[] = [];
  afterAll(async () => {
    for (const probe of probes) await probe.close();
  });

  it('is ready with every check up when everything answers', async () => {
    const probe = await startProbe('health-ok');
    probes.push(probe);
    const ready = await health(probe.service, 'ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.details).sort()).toEqual(['consumer', 'kafka', 'redis', 'schemaRegistry']);
    expect(downChecks(ready)).toEqual([]);
    expect(ready.details.consumer).toMatchObject({ state: 'running', partitions: 3 });
  });

  const cases: { dependency: string; settings: Partial<ConnectionSettings>; down: string[] }[] = [
    { dependency: 'Redis', settings: { redisUrl: DEAD.redisUrl }, down: ['redis'] },
    {
      dependency: 'the schema registry',
      settings: { schemaRegistryUrl: DEAD.schemaRegistryUrl },
      down: ['schemaRegistry'],
    },
    // Without Kafka the consumer cannot join either: both say so.
    { dependency: 'Kafka', settings: { kafkaBrokers: DEAD.kafkaBrokers }, down: ['consumer', 'kafka'] },
  ];

  it.each(cases)('answers 503 naming the check when $dependency is down', async ({ settings, down }) => {
    const probe = await startProbe('health-dead', {
      settings,
      waitUntilConsuming: settings.kafkaBrokers === undefined,
    });
    probes.push(probe);
    expect((await health(probe.service, 'live')).status).toBe(200);
    const ready = await health(probe.service, 'ready');
    expect(ready.status).toBe(503);
    expect(downChecks(ready)).toEqual(down);
    for (const name of down)
      expect(ready.details[name]).toHaveProperty(name === 'consumer' ? 'state' : 'message');
  });
});

describe('health: a consumer that stops or crashes under a healthy service', () => {
  let probe: Probe;

  beforeAll(async () => {
    probe = await startProbe('health-consumer');
  });

  afterAll(() => probe.close());

  const microservice = (): INestMicroservice => {
    const [transport] = probe.service.app.getMicroservices();
    if (transport === undefined) throw new Error('the probe has no Kafka transport');
    return transport;
  };

  const waitForReady = (description: string) =>
    waitFor(async () => ((await health(probe.service, 'ready')).status === 200 ? true : undefined), {
      description,
      timeoutMs: 30_000,
      intervalMs: 100,
    });

  it('turns not ready when the Kafka consumer is stopped under the runtime, stays live, and restarts it', async () => {
    await microservice().unwrap<BatchConsumer>().stop();

    const ready = await health(probe.service, 'ready');
    expect(ready.status).toBe(503);
    expect(downChecks(ready)).toEqual(['consumer']);
    expect(ready.details.consumer).toMatchObject({ state: 'stopped' });
    expect((await health(probe.service, 'live')).status).toBe(200);

    await waitForReady('the runtime to restart the stopped consumer');
    expect(probe.service.consumerStatus().state).toBe('running');
  });

  it('turns not ready when the consumer crashes (a record it can neither process nor route), then recovers', async () => {
    // The service's own Redis connection drops: the record's claim fails, so eachBatch fails until KafkaJS
    // gives up and crashes the consumer; nothing is committed.
    const redis = probe.service.app.get<Redis>(REDIS_CLIENT);
    redis.disconnect();
    await produceRecords(probe.namespace, 'order.created', [
      { key: 'order-crash', value: await probe.serde.encode('order.created', anOrder('order-crash')) },
    ]);

    const crashed = await waitFor(
      async () => {
        const ready = await health(probe.service, 'ready');
        return ready.details.consumer?.state === 'crashed' ? ready : undefined;
      },
      { description: 'the consumer to crash', timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(crashed.status).toBe(503);
    expect(downChecks(crashed)).toEqual(['consumer', 'redis']);
    expect(crashed.details.consumer?.lastError).toEqual(expect.any(String));
    expect((await health(probe.service, 'live')).status).toBe(200);

    // Redis back: the restarted consumer reads the uncommitted record again and handles it once.
    await redis.connect();
    await waitForReady('the consumer to be restarted and ready again');
    await waitFor(
      () => Promise.resolve(probe.calls.some((call) => call.orderId === 'order-crash') ? true : undefined),
      { description: 'the record to be handled after the restart', timeoutMs: 30_000 },
    );
    expect(probe.calls.filter((call) => call.orderId === 'order-crash')).toHaveLength(1);
  });
});
