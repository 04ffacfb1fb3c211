import { Gauge, type Registry } from 'prom-client';

import type { HeldKey } from '@orderflow/retry';

/**
 * The keys a group with per-key order holds back, read from Redis when /metrics is scraped (the marks are
 * shared by every instance of the group, so each instance reports the group's figures, not its own).
 */
export const registerHeldBackMetrics = ({
  registry,
  group,
  readHeldKeys,
}: {
  registry: Registry;
  group: string;
  readHeldKeys: () => Promise<HeldKey[]>;
}): void => {
  let latest: Promise<HeldKey[] | undefined> | undefined;
  // Both gauges come from one read per scrape; a Redis that does not answer keeps the last figures.
  const read = (): Promise<HeldKey[] | undefined> =>
    (latest ??= readHeldKeys()
      .catch(() => undefined)
      .finally(() => setImmediate(() => (latest = undefined))));
  const gauges: { name: string; help: string; figure: (held: HeldKey[]) => number }[] = [
    {
      name: 'orderflow_held_back_keys',
      help: 'Keys with a record waiting in a retry tier while later records of the key wait behind it (ordering: per-key).',
      figure: (held) => held.length,
    },
    {
      name: 'orderflow_held_back_records',
      help: 'Records of held-back keys not yet dealt with: the one waiting in a retry tier and those held behind it.',
      figure: (held) => held.reduce((sum, entry) => sum + entry.records, 0),
    },
  ];
  for (const { name, help, figure } of gauges) {
    new Gauge({
      name,
      help,
      labelNames: ['group'] as const,
      registers: [registry],
      async collect() {
        const held = await read();
        if (held) this.set({ group }, figure(held));
      },
    });
  }
};
