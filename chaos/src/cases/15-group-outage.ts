import { setTimeout as sleep } from 'node:timers/promises';

import Redis from 'ioredis';

import { pollUntil } from '@orderflow/wait';

import type { CaseContext, ChaosCase } from '../case.types';
import { verdict, violations } from '../check/invariant.types';
import { orderflowCli } from '../faults/orderflow-cli';
import { namespaceGroups } from '../observe/group-offsets';

/** The audit's outage at the default size; scaled with --orders (at least 30 s). */
const OUTAGE_AT_DEFAULT_SIZE_MS = 10 * 60_000;
const DEFAULT_ORDERS = 5_000;
const QUIET_TIMEOUT_MS = 10 * 60_000;

type Figures = Record<string, Record<string, string>>;

/** Every analytics window's hash, by key. */
const readFigures = async ({ system }: CaseContext): Promise<Figures> => {
  const { prefix, settings } = system.pipeline.namespace;
  const redis = new Redis(settings.redisUrl);
  try {
    const keys = (await redis.keys(`${prefix}analytics:window:*:figures`)).sort();
    return Object.fromEntries(
      await Promise.all(keys.map(async (key) => [key, await redis.hgetall(key)] as const)),
    );
  } finally {
    redis.disconnect();
  }
};

/** Window keys whose figures differ between two snapshots. */
const changedWindows = (before: Figures, after: Figures): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key] ?? {}) !== JSON.stringify(after[key] ?? {}),
  );

/** Resolves once a sample taken after the call shows the group with nothing left to read. */
const waitForLag = async ({ sampler }: CaseContext, group: string, description: string): Promise<void> => {
  const since = Date.now();
  await pollUntil(
    () => {
      const latest = sampler.latest();
      return Promise.resolve(latest && latest.at > since && latest.lag?.[group] === 0 ? true : undefined);
    },
    { description, timeoutMs: QUIET_TIMEOUT_MS, intervalMs: 500 },
  );
};

/** `replay --group analytics --to-earliest` over every topic analytics reads, analytics stopped meanwhile. */
const replayAnalytics = async (context: CaseContext, extra: string[]): Promise<void> => {
  const { system, faults, dir } = context;
  const prefix = system.pipeline.namespace.prefix;
  const analytics = namespaceGroups('').find((group) => group.name === 'analytics');
  await faults.stopService('analytics');
  for (const topic of analytics?.topics ?? []) {
    await orderflowCli(dir, [
      'replay',
      '--group',
      'analytics',
      '--topic',
      topic,
      '--to-earliest',
      '--execute',
      '--topic-prefix',
      prefix,
      ...extra,
    ]);
  }
  await faults.startService('analytics');
  faults.healed(`analytics replayed${extra.length > 0 ? ` (${extra.join(' ')})` : ''}`);
  await waitForLag(context, 'analytics', 'analytics to read every topic again');
};

/**
 * Case 15: the notification group stopped for a long while under load (10 minutes at the default size),
 * started again; then the operations runbook: `dlq redrive --execute` twice for every group, and an analytics
 * replay from the earliest offsets, once as documented (done markers skip everything) and once with
 * `--forget-done` (every event handled again). Expected: the backlog drains, no effect happens twice, and
 * the analytics figures are identical, window by window, after each step.
 */
export const groupOutage: ChaosCase = {
  number: 15,
  name: 'group-outage',
  title:
    'notification stopped under load (10 min at 5 000 orders), then dlq redrive ×2 and analytics replay ×2',
  recoveryBoundMs: 300_000,
  async inject({ faults, options, log }) {
    if (!(await faults.whenInFlight())) return;
    const outageMs = Math.max(
      30_000,
      Math.round((OUTAGE_AT_DEFAULT_SIZE_MS * options.orders) / DEFAULT_ORDERS),
    );
    await faults.stopService('notification');
    log(`notification stopped for ${outageMs / 1_000} s`);
    await sleep(outageMs);
    await faults.startService('notification');
    faults.healed(`notification group back after ${outageMs / 1_000} s`);
  },
  async afterQuiescence(context) {
    const found = violations();
    const prefix = context.system.pipeline.namespace.prefix;
    const before = await readFigures(context);
    for (let run = 1; run <= 2; run++) {
      for (const group of namespaceGroups('')) {
        await orderflowCli(context.dir, [
          'dlq',
          'redrive',
          '--group',
          group.name,
          '--execute',
          '--topic-prefix',
          prefix,
        ]);
      }
      context.faults.note(`dlq redrive ×${run}`, 'every group');
    }
    for (const extra of [[], ['--forget-done']]) {
      await replayAnalytics(context, extra);
      const after = await readFigures(context);
      for (const window of changedWindows(before, after)) {
        found.add(extra.length === 0 ? 'changedByReplay' : 'changedByReplayForgettingDone', {
          window,
          before: before[window],
          after: after[window],
        });
      }
    }
    context.checks.push(
      verdict('C15', 'analytics figures identical after redrive ×2 and replay ×2', found, {
        windows: Object.keys(before).length,
      }),
    );
  },
};
