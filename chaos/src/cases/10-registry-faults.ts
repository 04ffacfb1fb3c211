import { setTimeout as sleep } from 'node:timers/promises';

import type { ChaosCase } from '../case.types';

/** How long the registry stays down before the stack starts it again (it then takes a while to replay). */
const DOWN_MS = 10_000;
/** In part (b), inventory is stopped this long before its cold start, which happens with the registry down. */
const COLD_START_AFTER_MS = 20_000;

/**
 * Case 10: the schema registry fails. (a) SIGKILL mid-run while every service's schema cache is warm:
 * nothing may notice. (b) SIGKILL again, inventory stopped, then inventory and the registry started
 * together: inventory's cold start (its cache warm-up fails) happens while the registry is still down and
 * replaying, so records that need it are deferred, not routed. Expected: I1–I9, DLQs empty (I6), nothing
 * committed past an undecoded record (I7).
 * Not covered: (c) a hung (SIGSTOPped) registry during an order-API cold start: a service process counts as
 * started only once ready, and readiness needs the registry, so the harness cannot start one there yet.
 */
export const registryFaults: ChaosCase = {
  number: 10,
  name: 'registry-faults',
  title: 'registry SIGKILLed with warm caches, then during a consumer cold start',
  // The registry (Apicurio on KafkaSQL) replays its storage on start: tens of seconds on a busy machine.
  recoveryBoundMs: 180_000,
  // Both parts need orders arriving, and each registry restart takes its time: at least 150 s of load.
  minLoadSeconds: 150,
  async inject({ faults, log }) {
    if (!(await faults.whenInFlight())) return;
    faults.signal({ stack: 'schema-registry' }, 'SIGKILL', 'SIGKILL (warm caches)');
    await sleep(DOWN_MS);
    await faults.restartStack();
    faults.healed('registry killed with warm caches');

    if (!(await faults.whenInFlight())) {
      log('nothing left in flight: part (b) skipped');
      return;
    }
    faults.signal({ stack: 'schema-registry' }, 'SIGKILL', 'SIGKILL (before a cold start)');
    await faults.stopService('inventory');
    await sleep(COLD_START_AFTER_MS);
    // The registry comes back while inventory starts without it; both resolve once ready.
    await Promise.all([faults.restartStack(), faults.startService('inventory')]);
    faults.healed('inventory cold start during a registry outage');
  },
};
