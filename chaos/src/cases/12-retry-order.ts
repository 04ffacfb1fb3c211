import type { ChaosCase } from '../case.types';
import { checkTierOrder } from '../check/tier-order-check';

/**
 * The records made to fail, by share of orders (the same orders in every instance and attempt): the order
 * API's status view (per-key) fails twice, so those orders wait 1 s then 10 s and their later follow-ups
 * are held behind; inventory (per-key) fails once on another share; payment (no ordering) once on a third.
 */
const FAIL_POINTS = [
  'order-api:handler:throw@2:share=0.1',
  'inventory:handler:throw@1:share=0.1',
  'payment:handler:throw@1:share=0.05',
].join(',');

/**
 * Case 12: retry delays and per-order order through the tiers under load. Fail points make a share of
 * orders retriable in three groups; the check (C12) reads every retry tier and each group's
 * `record.processed` lines: each copy waited its tier's delay, and in the per-key groups (order-api,
 * inventory) no record of an order first read while an earlier one of that order waited in a tier was
 * processed before it. I1–I9 hold as always: the retried orders end like the others.
 */
export const retryOrder: ChaosCase = {
  number: 12,
  name: 'retry-order',
  title:
    'fail points make a share of orders retriable (order-api ×2, inventory, payment): delays and per-order order',
  serviceEnv: { ORDERFLOW_FAILPOINTS: FAIL_POINTS, LOG_LEVEL: 'debug' },
  async inject({ load, faults }) {
    await load.allSent;
    faults.healed('fail points armed through the load');
  },
  async afterQuiescence({ system, dir, checks }) {
    checks.push(
      await checkTierOrder(system.pipeline.namespace, dir, [
        // The status view reads every follow-up of an order: later ones arrive while an earlier one waits.
        { group: 'order-api', logFile: 'order-api.log', perKey: true, expectHeld: true },
        // Inventory's later record of an order (payment.failed) cannot exist while order.created waits.
        { group: 'inventory', logFile: 'inventory.log', perKey: true, expectHeld: false },
        { group: 'payment', logFile: 'payment.log', perKey: false, expectHeld: false },
      ]),
    );
  },
};
