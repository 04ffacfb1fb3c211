import { readRuntimeConfig, startService, type RunningService } from '@orderflow/service-runtime';
import { waitFor } from '@orderflow/testing';

import { probeModule, probeTopicsFile, startProbe, type Probe } from './runtime-test-kit';

const ready = async (service: RunningService) => {
  const response = await fetch(`${service.url}/health/ready`);
  const body = (await response.json()) as { details?: { consumer?: Record<string, unknown> } };
  return { status: response.status, consumer: body.details?.consumer };
};

describe('readiness when scaling out: more instances than partitions', () => {
  let first: Probe;
  const spares: RunningService[] = [];

  beforeAll(async () => {
    // The probe group reads 3 one-partition topics (order.created and two retry tiers).
    first = await startProbe('scale-out');
  });

  afterAll(async () => {
    for (const spare of spares) await spare.close();
    await first.close();
  });

  it('an instance that joined its group but owns no partition is ready (readiness)', async () => {
    const runtime = {
      ...readRuntimeConfig(
        { service: 'probe', group: 'probe', portVariable: 'PROBE_PORT', defaultPort: 0 },
        { ...process.env, LOG_LEVEL: 'error' },
      ),
      topicPrefix: first.namespace.prefix,
    };
    // Four members for three partitions: at least one of them is left without any.
    for (let index = 0; index < 3; index += 1)
      spares.push(await startService({ module: probeModule([]), runtime, topics: probeTopicsFile() }));
    const members = [first.service, ...spares];
    const idle = await waitFor(
      async () => {
        const answers = await Promise.all(members.map(ready));
        const owned = answers.map((answer) => Number(answer.consumer?.partitions ?? -1));
        // Settled: every member joined, and one assignment over all of them covers the 3 partitions.
        if (
          answers.some((answer) => answer.consumer?.state !== 'running') ||
          owned.reduce((sum, count) => sum + count, 0) !== 3
        )
          return undefined;
        return answers.filter((answer) => answer.consumer?.partitions === 0);
      },
      { description: 'the group to settle with 4 members over 3 partitions', timeoutMs: 60_000 },
    );
    expect(idle.length).toBeGreaterThanOrEqual(1);
    for (const answer of idle) {
      expect(answer.status).toBe(200);
      expect(answer.consumer).toMatchObject({ status: 'up', state: 'running', partitions: 0 });
    }
    console.log(`scale-out: ${idle.length} of 4 instances own no partition and answer ready`);
  });
});
