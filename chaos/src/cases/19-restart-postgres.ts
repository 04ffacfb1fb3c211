import { DEFAULT_RECOVERY_BOUND_MS, type CaseContext, type ChaosCase } from '../case.types';
import { withRelayWatch } from '../observe/relay-watch';
import { checkRelay, relayResumed, whenPaymentBusy } from './outbox-relay-faults';
import { killServer, pauseServer } from './stack-pauses';

const faultsOnPostgres = (context: CaseContext) =>
  withRelayWatch(context.system, async (watch) => {
    const around = {
      server: 'postgres' as const,
      gapMs: 5_000,
      recoveryMs: DEFAULT_RECOVERY_BOUND_MS,
      gate: whenPaymentBusy(context),
      resumed: relayResumed(context, watch),
    };
    await killServer(context, { ...around, times: 2, forMs: 10_000 });
    // Past payment's 10 s handler deadline (CONSUMER_HANDLER_DEADLINE_MS): its statements hang, not fail.
    await pauseServer(context, { ...around, times: 1, forMs: 20_000 });
  });

/**
 * Case 19: PostgreSQL's postmaster SIGKILLed while payment handles events (its backends end on their own),
 * down 10 s, restarted by the stack (crash recovery), twice; then the server SIGSTOPped whole for 20 s.
 * Expected: payment leaves its records unacknowledged while the database is away (I7) and resumes, nothing
 * lost (I1–I4), recovery within the bound (I8), and the relay streams again after each heal: the connector's
 * task runs and reads its slot (C19 fails naming the state seen last if it does not, and checks every
 * ledger row relayed one to one).
 */
export const restartPostgres: ChaosCase = {
  number: 19,
  name: 'restart-postgres',
  title: 'PostgreSQL SIGKILLed under load, down 10 s, restarted by the stack, 2×; then SIGSTOPped 20 s',
  minLoadSeconds: 240,
  inject: faultsOnPostgres,
  afterQuiescence: (context) => withRelayWatch(context.system, (watch) => checkRelay(context, 'C19', watch)),
};
