import type { ChaosCase } from '../case.types';
import { killServer } from './stack-pauses';

// The broker's own restart (log recovery after an unclean stop) and the groups' rejoin come on top of the
// default bound.
const RECOVERY_MS = 180_000;

/**
 * Case 6: the broker SIGKILLed, down 10 s, restarted through the stack's own start path, three times.
 * Expected: 503 while it is down, consumers and producers recover on their own, I1–I9 hold. The bound
 * includes the broker's own restart (log recovery after an unclean stop, about 20–40 s on the 2-core box).
 */
export const killKafka: ChaosCase = {
  number: 6,
  name: 'kill-kafka',
  title: 'Kafka SIGKILLed, down 10 s, restarted by the stack, 3×',
  recoveryBoundMs: RECOVERY_MS,
  minLoadSeconds: 300,
  inject: (context) =>
    killServer(context, { server: 'kafka', times: 3, forMs: 10_000, gapMs: 5_000, recoveryMs: RECOVERY_MS }),
};
