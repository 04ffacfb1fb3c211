import type { GateResult } from './round.types';

/** A ledger row and when its transaction committed (epoch ms, the server's clock). */
export interface CommittedPayment {
  orderId: string;
  committedAtMs: number;
}

/** A record a bench consumer read from payment.completed / payment.failed (epoch ms, this host's clock). */
export interface RelayedRecord {
  orderId: string;
  eventId: string;
  receivedAtMs: number;
}

/** The ledger against what the relay published, one phase's orders at a time. */
export interface RelayCheck {
  gate: GateResult;
  /** Commit → first record of its event, for every ledger row with exactly one event id. */
  latenciesMs: number[];
  /** Records of an event id already read: the relay's at-least-once resends, counted, never hidden. */
  resent: number;
  /** First and last commit, and the first receipt of the event relayed last. */
  firstCommitMs: number | undefined;
  lastCommitMs: number | undefined;
  lastRelayedMs: number | undefined;
}

/**
 * Every ledger row must have exactly one relayed event id: a row without one is a lost payment event, a
 * row with two is a payment announced twice as different events, and a record of an order with no ledger
 * row is an event without its effect. A record resent with the same event id is delivery as documented
 * (at least once; consumers end it at their inbox): counted in `resent`, and the latency takes its first.
 */
export const checkRelay = (ledger: CommittedPayment[], records: RelayedRecord[]): RelayCheck => {
  const firstReceipt = new Map<string, number>();
  const eventIdsOf = new Map<string, Set<string>>();
  let resent = 0;
  for (const { orderId, eventId, receivedAtMs } of records) {
    const seen = firstReceipt.get(eventId);
    if (seen !== undefined) resent += 1;
    firstReceipt.set(eventId, Math.min(seen ?? Infinity, receivedAtMs));
    eventIdsOf.set(orderId, (eventIdsOf.get(orderId) ?? new Set()).add(eventId));
  }
  const latenciesMs: number[] = [];
  let [missing, split, lastRelayedMs] = [0, 0, -Infinity];
  for (const { orderId, committedAtMs } of ledger) {
    const eventIds = [...(eventIdsOf.get(orderId) ?? [])];
    if (eventIds.length === 0) missing += 1;
    else if (eventIds.length > 1) split += 1;
    else {
      const receivedAtMs = firstReceipt.get(eventIds[0]!)!;
      latenciesMs.push(receivedAtMs - committedAtMs);
      lastRelayedMs = Math.max(lastRelayedMs, receivedAtMs);
    }
    eventIdsOf.delete(orderId);
  }
  const strangers = eventIdsOf.size;
  const problems = [
    ...(missing > 0 ? [`${missing} of ${ledger.length} ledger rows never relayed`] : []),
    ...(split > 0 ? [`${split} ledger rows relayed under more than one event id`] : []),
    ...(strangers > 0 ? [`${strangers} orders relayed without a ledger row`] : []),
  ];
  const commits = ledger.map((row) => row.committedAtMs);
  return {
    gate:
      problems.length > 0
        ? { ok: false, detail: problems.join('; ') }
        : {
            ok: true,
            detail: `${ledger.length} ledger rows = ${ledger.length} relayed event ids, one each; ${resent} records resent`,
          },
    latenciesMs,
    resent,
    firstCommitMs: commits.length === 0 ? undefined : Math.min(...commits),
    lastCommitMs: commits.length === 0 ? undefined : Math.max(...commits),
    lastRelayedMs: Number.isFinite(lastRelayedMs) ? lastRelayedMs : undefined,
  };
};
