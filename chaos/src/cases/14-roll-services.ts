import { setTimeout as sleep } from 'node:timers/promises';

import type { CaseContext, ChaosCase } from '../case.types';
import { SERVICE_NAMES } from '../system';

const ROLLS_AT_DEFAULT_SIZE = 5;
const DEFAULT_ORDERS = 5_000;
/** The audit's outage: longer than notification's retry budget (1 s + 10 s + 60 s). */
const OUTAGE_AT_DEFAULT_SIZE_MS = 90_000;

/**
 * The sink fails from the next open on: the symlink points at /dev/full (every write fails with ENOSPC) and
 * notification is rolled so that it opens the file again; after the outage the symlink points back, and the
 * sender, which reopens after a failed write, finds the real file.
 */
const sinkOutage = async ({ system, faults }: CaseContext, outageMs: number): Promise<void> => {
  system.pointSinkAt('/dev/full');
  faults.note('sink → /dev/full', 'notification');
  await faults.stopService('notification');
  await faults.startService('notification');
  await sleep(outageMs);
  system.pointSinkAt(system.sinkFile);
  faults.healed(`notification sink outage ${outageMs / 1_000} s`);
};

const rollServices = async ({ faults, log }: CaseContext, rounds: number, services: readonly string[]) => {
  for (let round = 1; round <= rounds; round++) {
    for (const service of SERVICE_NAMES.filter((name) => services.includes(name))) {
      if (!(await faults.whenInFlight())) {
        log(`nothing left in flight: rolls stop in round ${round}`);
        return;
      }
      await faults.stopService(service);
      await faults.startService(service);
      faults.healed(`${service} rolled (round ${round})`);
    }
  }
};

/**
 * Case 14: graceful SIGTERM rolls of every service mid-load (each drains and commits before it exits), while
 * the notification sink is out (symlink → /dev/full) for longer than notification's retry budget.
 * Expected: redeliveries only of records in flight, each notification sent once after the outage.
 */
export const gracefulRolls: ChaosCase = {
  number: 14,
  name: 'roll-services',
  title: 'SIGTERM rolls of each service mid-load, plus a notification sink outage (→ /dev/full)',
  minLoadSeconds: 240,
  async inject(context) {
    const scale = context.options.orders / DEFAULT_ORDERS;
    const rounds = Math.max(1, Math.round(ROLLS_AT_DEFAULT_SIZE * scale));
    if (!(await context.faults.whenInFlight())) return;
    await Promise.all([
      sinkOutage(context, Math.max(20_000, Math.round(OUTAGE_AT_DEFAULT_SIZE_MS * Math.min(1, scale)))),
      rollServices(context, rounds, ['inventory', 'payment', 'analytics', 'orderApi']),
    ]);
    await rollServices(context, 1, ['notification']);
  },
};
