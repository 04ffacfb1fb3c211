import { DEFAULT_RECOVERY_BOUND_MS, type ChaosCase } from '../case.types';
import { pauseServer } from './stack-pauses';

/**
 * Case 5: the broker SIGSTOPped for 12 s, three times, under keyed retrying clients. Expected: 503 (nothing
 * published) or 202 (published once) per attempt, never a ghost or a second order per key; answers within
 * the order API's deadline while the broker is frozen.
 */
export const pauseKafka: ChaosCase = {
  number: 5,
  name: 'pause-kafka',
  title: 'Kafka SIGSTOPped 12 s, 3×, under keyed retrying clients',
  minLoadSeconds: 180,
  inject: (context) =>
    pauseServer(context, {
      server: 'kafka',
      times: 3,
      forMs: 12_000,
      gapMs: 5_000,
      recoveryMs: DEFAULT_RECOVERY_BOUND_MS,
    }),
};
