import { DEFAULT_RECOVERY_BOUND_MS, type ChaosCase } from '../case.types';
import { killServer } from './stack-pauses';

/**
 * Case 7: redis-server SIGKILLed and restarted (append-only file, fsync every second), three times.
 * Expected: fail-closed while it is down (503s, no progress), nothing lost afterwards: an acknowledged write
 * is in the AOF before the reply, so a killed process (not a host crash) loses none.
 */
export const killRedis: ChaosCase = {
  number: 7,
  name: 'kill-redis',
  title: 'Redis SIGKILLed, down 5 s, restarted by the stack, 3×',
  minLoadSeconds: 150,
  inject: (context) =>
    killServer(context, {
      server: 'redis',
      times: 3,
      forMs: 5_000,
      gapMs: 5_000,
      recoveryMs: DEFAULT_RECOVERY_BOUND_MS,
    }),
};
