import { DEFAULT_RECOVERY_BOUND_MS, type ChaosCase } from '../case.types';
import { pauseServer } from './stack-pauses';

/**
 * Case 9: Redis stalled for 20 s (SIGSTOP: `DEBUG SLEEP` is disabled by default since Redis 7), twice.
 * Expected: POST and GET answer 503 within the deadline instead of hanging, no commit passes undone work,
 * recovery once it answers again.
 */
export const stallRedis: ChaosCase = {
  number: 9,
  name: 'stall-redis',
  title: 'Redis SIGSTOPped 20 s, 2×',
  minLoadSeconds: 150,
  inject: (context) =>
    pauseServer(context, {
      server: 'redis',
      times: 2,
      forMs: 20_000,
      gapMs: 5_000,
      recoveryMs: DEFAULT_RECOVERY_BOUND_MS,
    }),
};
