import { setTimeout as sleep } from 'node:timers/promises';

import type { ChaosCase } from '../case.types';
import { SERVICE_NAMES } from '../system';

/** Kills per service at the default size (5 000 orders); fewer for smaller runs, at least one. */
const KILLS_AT_DEFAULT_SIZE = 5;
const DEFAULT_ORDERS = 5_000;

/**
 * Case 1: SIGKILL each service in turn, several rounds, each kill only while work is in flight, restarted
 * after 1–3 s. Sessions and leases are shortened (10 s, 5 s) so that a killed member's partitions move on
 * within the bound; with the defaults (30 s, 15 s) each kill stalls its group for half a minute and five
 * rounds no longer fit in the load.
 */
export const killServices: ChaosCase = {
  number: 1,
  name: 'kill-services',
  title: 'SIGKILL each service repeatedly while work is in flight; restart after 1–3 s',
  serviceEnv: { CONSUMER_SESSION_TIMEOUT_MS: '10000', IDEMPOTENCY_LEASE_MS: '5000' },
  minLoadSeconds: 240,
  async inject({ faults, options, log }) {
    const rounds = Math.max(1, Math.round((KILLS_AT_DEFAULT_SIZE * options.orders) / DEFAULT_ORDERS));
    for (let round = 0; round < rounds; round++) {
      for (const service of SERVICE_NAMES) {
        if (!(await faults.whenInFlight())) {
          log(`nothing left in flight: stopping after round ${round + 1}`);
          return;
        }
        faults.killService(service);
        await sleep(1_000 + Math.random() * 2_000);
        await faults.startService(service);
        faults.healed(`${service} killed (round ${round + 1})`);
      }
    }
  },
};
