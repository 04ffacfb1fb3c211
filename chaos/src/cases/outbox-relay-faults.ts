import { pollUntil } from '@orderflow/wait';

import type { CaseContext } from '../case.types';
import { violations } from '../check/invariant.types';
import { checkRelayOneToOne } from '../check/relay-invariant';
import type { RelayWatch } from '../observe/relay-watch';

/** How long a relay may take to stream again after a heal: a worker's restart and the task's start. */
export const RELAY_RESUME_MS = 120_000;
/** How long one gate waits for payment events committed and not yet relayed before looking at the load again. */
const UNRELAYED_WAIT_MS = 20_000;

/** What the relay's fault cases saw while injecting, for their check after quiescence. */
interface RelayFaultLog {
  /** Ledger rows not yet on payment.* just before each fault: proof it hit events waiting for the relay. */
  unrelayedAtFault: number[];
  /** Why the relay did not stream again after a heal, once per heal it did not. */
  notResumed: string[];
}

const logs = new WeakMap<CaseContext, RelayFaultLog>();

const logOf = (context: CaseContext): RelayFaultLog => {
  const log = logs.get(context) ?? { unrelayedAtFault: [], notResumed: [] };
  logs.set(context, log);
  return log;
};

/**
 * Gate: work in flight and payment events committed but not relayed yet (ledger rows ahead of the records
 * on payment.*, read in that order). False once the load is over and nothing is left in flight.
 */
export const whenUnrelayed = (context: CaseContext, watch: RelayWatch) => async (): Promise<boolean> => {
  while (await context.faults.whenInFlight()) {
    const backlog = await pollUntil(
      async () => {
        const seen = await watch.backlog();
        return seen.unrelayed > 0 ? seen : undefined;
      },
      {
        description: 'payment events committed and not yet relayed',
        timeoutMs: UNRELAYED_WAIT_MS,
        intervalMs: 100,
      },
    ).catch(() => undefined);
    if (backlog === undefined) continue;
    logOf(context).unrelayedAtFault.push(backlog.unrelayed);
    context.log(
      `relay behind: ${backlog.ledgerRows} ledger rows, ${backlog.relayedRecords} records on payment.*`,
    );
    return true;
  }
  return false;
};

/** Gate: work in flight and records waiting for the payment group (it is handling events). */
export const whenPaymentBusy =
  ({ faults, sampler }: CaseContext) =>
  async (): Promise<boolean> => {
    while (await faults.whenInFlight()) {
      if ((sampler.latest()?.lag?.payment ?? 0) > 0) return true;
    }
    return false;
  };

/**
 * After a heal: the connector and its task run and its slot has a reader again. One that does not within
 * the bound is recorded (the case's check fails with the state it saw) and the case goes on, so the report
 * also shows what the stalled relay cost downstream.
 */
export const relayResumed = (context: CaseContext, watch: RelayWatch) => async (): Promise<void> => {
  const started = Date.now();
  try {
    await watch.awaitStreaming(RELAY_RESUME_MS);
    context.log(`relay streaming again after ${((Date.now() - started) / 1_000).toFixed(1)} s`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logOf(context).notResumed.push(reason);
    context.log(`RELAY DID NOT RESUME: ${reason}`);
  }
};

/**
 * After quiescence: the relay's check (`id`), every ledger row relayed one to one, with the evidence of the
 * faults: what waited for the relay at each fault, and the rows committed while the worker was down.
 */
export const checkRelay = async (context: CaseContext, id: string, watch: RelayWatch): Promise<void> => {
  const log = logOf(context);
  const found = violations();
  log.notResumed.forEach((reason) => found.add('relayNotResumed', { reason }));
  const [ledger, relayed] = [await watch.ledger(), await watch.relayed()];
  const { faults, heals } = context.faults;
  const downWindows = faults
    .filter((fault) => fault.target === 'kafka-connect' && fault.action === 'SIGKILL')
    .map((fault) => ({ from: fault.at, to: heals.find((heal) => heal.at > fault.at)?.at ?? Infinity }));
  const committedWhileRelayDown = ledger.filter((row) =>
    downWindows.some(({ from, to }) => row.recordedAt >= from && row.recordedAt < to),
  ).length;
  context.checks.push(
    checkRelayOneToOne(id, ledger, relayed, found, {
      faultsOnUnrelayed: log.unrelayedAtFault.filter((count) => count > 0).length,
      unrelayedAtFaults: log.unrelayedAtFault.reduce((sum, count) => sum + count, 0),
      committedWhileRelayDown,
    }),
  );
};
