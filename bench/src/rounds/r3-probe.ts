import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import type { ConnectionSettings } from '@orderflow/config';
import {
  CONSUMER_DEFAULTS,
  startService,
  type HandlerResult,
  type RuntimeConfig,
} from '@orderflow/service-runtime';
import type { OrderCreated } from '@orderflow/contracts';
import { waitFor, type TestNamespace } from '@orderflow/testing';
import type { TopicsFile } from '@orderflow/topics';

import { createSpan, deadlineFor, overSpan, type Span } from '../bench-kafka';
import { compareTallies, createKeyTallier, type KeyTally, type KeyTallier } from '../key-tally';
import { startStopwatch, throughputRow } from '../measure';
import type { RowResult } from '../round.types';

export const PROBE_GROUP = 'bench-probe';
export const R3_FULL_RUNTIME = 'startService probe: @EventPattern no-op (decode, claim, commit)';

/** topics.yaml plus a probe group reading order.created, so the runtime accepts it like any service. */
export const withProbeGroup = (file: TopicsFile): TopicsFile => {
  const source = file.topics['order.created'];
  if (source === undefined) throw new Error('topics.yaml declares no order.created topic.');
  return {
    ...file,
    // No tiers, so no per-key hold-back to pay for: the round measures the runtime's own path.
    groups: {
      ...file.groups,
      [PROBE_GROUP]: { service: 'consumers/bench-probe', retry: [], ordering: 'none' },
    },
    topics: { ...file.topics, 'order.created': { ...source, consumers: [...source.consumers, PROBE_GROUP] } },
  };
};

/** The runtime settings a service of the probe group runs with: defaults, quiet, no HTTP port of its own. */
export const probeRuntime = (settings: ConnectionSettings, topicPrefix: string): RuntimeConfig => ({
  service: PROBE_GROUP,
  group: PROBE_GROUP,
  settings,
  topicPrefix,
  httpPort: 0,
  bindHost: '127.0.0.1',
  logLevel: 'error',
  consumer: { ...CONSUMER_DEFAULTS, leaseMs: 15_000, sessionTimeoutMs: 30_000 },
  schemaVersions: {},
  failPoints: [],
});

const probeModule = (tallier: KeyTallier, span: Span): DynamicModule => {
  @Controller()
  class ProbeHandler {
    @EventPattern('order.created')
    onOrderCreated(@Payload() event: OrderCreated): HandlerResult {
      span.mark();
      tallier.add(event.orderId);
    }
  }
  @Module({})
  class ProbeModule {}
  return { module: ProbeModule, controllers: [ProbeHandler] };
};

/** The whole runtime around a handler that does nothing: what a service pays before its own work. */
export const probeRow = async (options: {
  settings: ConnectionSettings;
  namespace: TestNamespace;
  topics: TopicsFile;
  expected: KeyTally;
}): Promise<RowResult> => {
  const { settings, namespace, topics, expected } = options;
  const tallier = createKeyTallier();
  const stopwatch = startStopwatch();
  const span = createSpan(() => stopwatch.restart());
  const service = await startService({
    module: probeModule(tallier, span),
    topics,
    runtime: probeRuntime(settings, namespace.prefix),
  });
  try {
    await waitFor(() => Promise.resolve(tallier.tally.count >= expected.count ? true : undefined), {
      description: `the startService probe to handle ${expected.count} events`,
      timeoutMs: deadlineFor(expected.count, 50),
      intervalMs: 20,
    });
  } finally {
    await service.close();
  }
  return throughputRow(
    R3_FULL_RUNTIME,
    'msgs/s',
    expected.count,
    overSpan(stopwatch.stop(), span),
    compareTallies(expected, tallier.tally),
  );
};
