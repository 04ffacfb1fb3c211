import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { startServiceProcess, type ServiceProcess } from '@orderflow/e2e';

import type { ChaosCase } from '../case.types';

/** The consumer groups that get a second instance (the order API's HTTP stays on the harness's one). */
const GROUPS = ['inventory', 'payment', 'notification', 'analytics', 'order-api'] as const;
const STEP_MS = 10_000;
const AUDIT_DURATION_MS = 180_000;
const MIN_DURATION_MS = 60_000;

/**
 * Case 4: rebalance churn. Every 10 s a group gains a second instance or loses it again (the groups in
 * turn), the loss alternating between SIGTERM (drains and commits) and SIGKILL (a crash: its leases wait
 * out their time), for the audit's 3 minutes or until the load has been sent (at least a minute). Leases and sessions stay at
 * their defaults. Expected: I1–I9 hold; the stalls are bounded by session + lease.
 */
export const rebalanceChurn: ChaosCase = {
  number: 4,
  name: 'rebalance-churn',
  title: 'a second instance of each group added and removed every 10 s (SIGTERM and SIGKILL alternating)',
  // A SIGKILLed member holds its partitions until the 30 s session ends, then its leases (15 s) run out.
  recoveryBoundMs: 150_000,
  // Churn needs orders arriving throughout: at least a minute and a half of load, whatever --orders.
  minLoadSeconds: 90,
  async inject({ system, faults, load, dir, log }) {
    const extras = new Map<string, ServiceProcess>();
    let removals = 0;
    if (!(await faults.whenInFlight())) return;
    const started = Date.now();
    try {
      for (let step = 0; Date.now() - started < AUDIT_DURATION_MS; step++) {
        if (Date.now() - started >= MIN_DURATION_MS && load.allStarted()) break;
        // Each group in turn: its second instance added at one step, removed at the next.
        const group = GROUPS[Math.floor(step / 2) % GROUPS.length]!;
        const extra = extras.get(group);
        if (extra === undefined) {
          extras.set(
            group,
            await startServiceProcess(group, system.pipeline.env, { logFile: join(dir, `${group}-2.log`) }),
          );
          faults.note('instance added', group);
        } else {
          extras.delete(group);
          const crash = removals++ % 2 === 1;
          faults.note(crash ? 'SIGKILL second instance' : 'SIGTERM second instance', group);
          await (crash ? extra.kill() : extra.close());
          faults.healed(`${group}'s second instance ${crash ? 'killed' : 'stopped'}`);
        }
        await sleep(STEP_MS);
      }
    } finally {
      for (const [group, extra] of extras) {
        log(`stopping ${group}'s second instance`);
        await extra.close();
      }
    }
    faults.healed(`churn over after ${Math.round((Date.now() - started) / 1_000)} s`);
  },
};
