import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FAILURE_HEADER, headerText as header } from '@orderflow/retry';
import { readAllRecords, type TestNamespace } from '@orderflow/testing';

import { namespaceGroups } from '../observe/group-offsets';
import { verdict, violations, type InvariantResult } from './invariant.types';

/** One copy of a record in one of a group's retry tiers. */
interface TierCopy {
  /** The original `topic:partition:offset`, kept through every tier. */
  recordId: string;
  key: string;
  tier: string;
  delayMs: number;
  /** When the record failed (or was held): `orderflow-failed-at`. */
  at: number;
  /** When the tier may hand it out again: `orderflow-due-at`. */
  dueAt: number;
  /** Set on a copy that did not fail but waits behind an earlier record of its key. */
  heldBehind?: string;
}

/** A `record.processed` line: the record's handling was let in at `admittedAt` and done at `at`. */
interface Processed {
  recordId: string;
  key: string;
  admittedAt: number;
  at: number;
  from: string;
}

const readTierCopies = async (namespace: TestNamespace, group: string): Promise<TierCopy[]> => {
  const model = namespaceGroups('').find((candidate) => candidate.name === group);
  const copies: TierCopy[] = [];
  for (const tier of model?.retryTiers ?? []) {
    for (const record of await readAllRecords(namespace, tier.topic, { timeoutMs: 60_000 })) {
      const { headers } = record;
      const heldBehind = header(headers, FAILURE_HEADER.heldBehind);
      copies.push({
        recordId: [
          header(headers, FAILURE_HEADER.originalTopic),
          header(headers, FAILURE_HEADER.originalPartition),
          header(headers, FAILURE_HEADER.originalOffset),
        ].join(':'),
        key: record.key?.toString() ?? '',
        tier: tier.topic,
        delayMs: tier.delayMs,
        at: Number(header(headers, FAILURE_HEADER.failedAt)),
        dueAt: Number(header(headers, FAILURE_HEADER.dueAt)),
        ...(heldBehind === undefined ? {} : { heldBehind }),
      });
    }
  }
  return copies;
};

const logLines = (logFile: string, msg: string): string[] =>
  !existsSync(logFile)
    ? []
    : readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes(`"msg":"${msg}"`));

/**
 * When each record's first retry was scheduled (its `record.retry-scheduled` line, written once the record
 * was marked waiting and its copy sent): from then on its key's later records must wait behind it.
 */
const readWaitsFrom = (logFile: string): Map<string, number> => {
  const from = new Map<string, number>();
  for (const line of logLines(logFile, 'record.retry-scheduled')) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const recordId = `${String(entry.topic)}:${String(entry.partition)}:${String(entry.offset)}`;
    const at = Date.parse(String(entry.time));
    from.set(recordId, Math.min(at, from.get(recordId) ?? Infinity));
  }
  return from;
};

const readProcessed = (logFile: string): Processed[] =>
  logLines(logFile, 'record.processed').map((line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    return {
      recordId: `${String(entry.topic)}:${String(entry.partition)}:${String(entry.offset)}`,
      key: String(entry.key),
      admittedAt: Number(entry.admittedAt),
      at: Date.parse(String(entry.time)),
      from: String(entry.from),
    };
  });

const byRecord = <T extends { recordId: string }>(items: T[]): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(item.recordId, [...(map.get(item.recordId) ?? []), item]);
  return map;
};

type Found = ReturnType<typeof violations>;

/**
 * Each tier copy waited its tier's delay: it was due no earlier than its failure plus the tier's delay, and
 * the record's next handling (its next failure or hold, or the handling that processed it) was let in no
 * earlier than that. A held-back copy did not fail: it is due at once and looks again when it reaches the
 * head of its key's list (the hold-back check judges it), so only its due time binds it.
 */
const checkDelays = (
  copies: TierCopy[],
  processed: Map<string, Processed[]>,
  prefix: string,
  found: Found,
) => {
  for (const [recordId, chain] of byRecord(copies)) {
    const handlings = [
      ...chain.map((copy) => ({ at: copy.at, from: '' })),
      ...(processed.get(recordId) ?? []).map((entry) => ({ at: entry.admittedAt, from: entry.from })),
    ];
    for (const copy of chain) {
      if (copy.heldBehind === undefined && copy.dueAt - copy.at < copy.delayMs)
        found.add('tierDelayShort', {
          recordId,
          tier: copy.tier,
          delayMs: copy.delayMs,
          dueInMs: copy.dueAt - copy.at,
        });
      const next = handlings.filter((handling) => handling.at > copy.at).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) continue;
      if (next.at < copy.dueAt)
        found.add('handledBeforeDue', {
          recordId,
          tier: copy.tier,
          delayMs: copy.delayMs,
          earlyByMs: copy.dueAt - next.at,
          nextFrom: next.from.replace(prefix, ''),
        });
    }
  }
};

/**
 * Per-key order through the tiers: while a record R of a key waits in a tier (from its first retry's
 * scheduling until it is processed), no record of that key first read in that time is processed before R.
 */
const checkHoldBack = (
  copies: TierCopy[],
  processed: Processed[],
  waitsFrom: Map<string, number>,
  found: Found,
): number => {
  const doneAt = new Map(processed.map((entry) => [entry.recordId, entry.at]));
  const firstRead = new Map<string, number>();
  const note = (recordId: string, at: number) =>
    firstRead.set(recordId, Math.min(at, firstRead.get(recordId) ?? Infinity));
  // Every copy, failed or held, was made after its record was read: the earliest bounds the first read.
  // (A record that failed on its first read and was then processed has no other trace of that read: it
  // was taken for one first read at its processing, after an earlier record of its key that in fact
  // waited behind it, and reported as overtaking that record.)
  for (const copy of copies) note(copy.recordId, copy.at);
  for (const entry of processed) note(entry.recordId, entry.admittedAt);
  const keyOf = new Map([...copies, ...processed].map((item) => [item.recordId, item.key]));
  const recordsOfKey = new Map<string, Set<string>>();
  for (const [recordId, key] of keyOf)
    recordsOfKey.set(key, (recordsOfKey.get(key) ?? new Set()).add(recordId));
  let waits = 0;
  for (const [recordId, chain] of byRecord(copies.filter((copy) => copy.heldBehind === undefined))) {
    const failedAt = waitsFrom.get(recordId);
    const done = doneAt.get(recordId);
    if (failedAt === undefined || done === undefined) continue;
    waits += 1;
    for (const other of recordsOfKey.get(chain[0]!.key) ?? []) {
      const read = firstRead.get(other);
      const otherDone = doneAt.get(other);
      if (other === recordId || read === undefined || otherDone === undefined) continue;
      if (read > failedAt && read < done && otherDone < done)
        found.add('overtookWaitingRecord', {
          key: chain[0]!.key,
          waiting: recordId,
          overtook: other,
          waitingFrom: new Date(failedAt).toISOString(),
          waitingDone: new Date(done).toISOString(),
          overtookDone: new Date(otherDone).toISOString(),
        });
    }
  }
  return waits;
};

/**
 * C12 for `groups` (read after quiescence): the retry tiers honour their delays, and in a group with
 * `ordering: per-key`, no record overtakes an earlier one of its key that waits in a tier. Needs the
 * groups' `record.processed` lines (LOG_LEVEL=debug) in `<dir>/<service>.log`. Fails as well when the
 * case retried or held nothing: then it proved nothing.
 */
export const checkTierOrder = async (
  namespace: TestNamespace,
  dir: string,
  groups: { group: string; logFile: string; perKey: boolean; expectHeld: boolean }[],
): Promise<InvariantResult> => {
  const found = violations();
  const figures: Record<string, number> = {};
  for (const { group, logFile, perKey, expectHeld } of groups) {
    const copies = await readTierCopies(namespace, group);
    const processed = readProcessed(join(dir, logFile));
    const held = copies.filter((copy) => copy.heldBehind !== undefined).length;
    const retried = new Set(
      copies.filter((copy) => copy.heldBehind === undefined).map((copy) => copy.recordId),
    ).size;
    figures[`${group}Processed`] = processed.length;
    figures[`${group}Retried`] = retried;
    figures[`${group}TierCopies`] = copies.length;
    if (retried === 0) found.add('nothingRetried', { group });
    if (perKey) {
      figures[`${group}Held`] = held;
      figures[`${group}Waits`] = checkHoldBack(copies, processed, readWaitsFrom(join(dir, logFile)), found);
    }
    if (expectHeld && held === 0) found.add('nothingHeldBack', { group });
    checkDelays(copies, byRecord(processed), namespace.prefix, found);
  }
  return verdict(
    'C12',
    'tier delays honoured; no record overtakes an earlier one of its key waiting in a tier',
    found,
    figures,
  );
};
