import { DEFAULT_RECOVERY_BOUND_MS, type ChaosCase } from '../case.types';
import { withRelayWatch } from '../observe/relay-watch';
import { checkRelay, relayResumed, whenUnrelayed } from './outbox-relay-faults';
import { killServer } from './stack-pauses';

/**
 * Case 18: the Kafka Connect worker SIGKILLed while payment events wait for the relay (ledger rows ahead of
 * payment.*), down 15 s while payment goes on committing rows, restarted by the stack, three times.
 * Expected: Debezium resumes from the slot's confirmed position, so no payment event is lost (I1–I4, and
 * C18: every ledger row on its topic under one event id); what it had sent but not confirmed comes again
 * with the same event id (counted in C18) and ends at the consumers' inboxes (I4: effects once).
 */
export const killConnect: ChaosCase = {
  number: 18,
  name: 'kill-connect',
  title: 'Kafka Connect SIGKILLed with payment events unrelayed, down 15 s, restarted by the stack, 3×',
  // Three rounds of a worker restart (~10–25 s on the 2-core box) and the recovery after each.
  minLoadSeconds: 300,
  inject: (context) =>
    withRelayWatch(context.system, (watch) =>
      killServer(context, {
        server: 'kafka-connect',
        times: 3,
        forMs: 15_000,
        gapMs: 5_000,
        recoveryMs: DEFAULT_RECOVERY_BOUND_MS,
        gate: whenUnrelayed(context, watch),
        resumed: relayResumed(context, watch),
      }),
    ),
  afterQuiescence: (context) => withRelayWatch(context.system, (watch) => checkRelay(context, 'C18', watch)),
};
