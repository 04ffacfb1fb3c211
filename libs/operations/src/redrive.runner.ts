import { createReliableProducer, type KafkaAdmin, type KafkaClient } from '@orderflow/kafka';
import type { ConsumerGroupModel } from '@orderflow/topics';

import { scanDlq } from './dlq.reader';
import type { DlqSelection } from './dlq-selection';
import type { RateLimiter } from './rate-limiter';
import type { RedriveProgress } from './redrive-progress.store';
import { planRedrive, type RedriveStep } from './redrive.planner';

export interface RedriveDlqOptions {
  kafka: KafkaClient;
  admin: KafkaAdmin;
  /** The group whose DLQ is redriven (prefix applied). */
  group: ConsumerGroupModel;
  selection: DlqSelection;
  maxRedrives: number;
  progress: RedriveProgress;
  /** Send; without it the run is a dry run that only reports each step. */
  execute: boolean;
  limiter: RateLimiter;
  /** Each selected record's step, in DLQ order, before it is sent. */
  onStep?: (step: RedriveStep) => void;
  onProgress?: (sent: number) => void;
  progressEvery?: number;
  pageBytes?: number;
  now?: () => number;
}

export interface RedriveTotals {
  selected: number;
  /** Sent by this run (with --execute), or that would be sent (dry run). */
  sent: number;
  redrivenBefore: number;
  refused: number;
}

/**
 * Streams the selected DLQ records page by page into the group's first retry tier, one acknowledged record
 * at a time at the limiter's pace: each failure is claimed before its send (so runs in parallel do not both
 * send it) and marked as redriven once acknowledged. Nothing is deleted from the DLQ: it stays the audit log
 * of what failed and what was redriven. A crash between a send and its mark leaves a claim that expires,
 * and the next run sends that one record again; its done marker makes the second delivery a no-op.
 */
export const redriveDlq = async (options: RedriveDlqOptions): Promise<RedriveTotals | undefined> => {
  const { kafka, admin, group, progress, execute, limiter, onStep, onProgress } = options;
  const { progressEvery = 100, now = Date.now } = options;
  const totals: RedriveTotals = { selected: 0, sent: 0, redrivenBefore: 0, refused: 0 };
  const producer = execute ? createReliableProducer({ kafka }) : undefined;
  try {
    const read = await scanDlq({
      kafka,
      admin,
      topic: group.dlqTopic,
      selection: options.selection,
      pageBytes: options.pageBytes,
      onPage: async (records) => {
        const before = await progress.redrivenBefore(records);
        const redriven = new Set(records.filter((_, index) => before[index] === true));
        // Duplicate DLQ copies of one failure: a later page sees the earlier copy's mark in Redis, a
        // later record of this page sees it here (planned one record at a time).
        const planned = new Set<string>();
        for (const record of records) {
          let [step] = planRedrive({
            records: [record],
            group,
            maxRedrives: options.maxRedrives,
            redrivenBefore: () => redriven.has(record) || planned.has(progress.failureId(record)),
            now: now(),
          });
          if (step === undefined) continue;
          if (step.kind === 'send' && producer !== undefined) {
            // Paced before the claim, so a slow --rate never outlasts it; a run in parallel may have
            // taken the failure since the page was checked.
            await limiter.acquire();
            if (!(await progress.claim(record))) step = { kind: 'redriven-before', record };
          }
          totals.selected += 1;
          onStep?.(step);
          if (step.kind === 'refused') totals.refused += 1;
          if (step.kind === 'redriven-before') totals.redrivenBefore += 1;
          if (step.kind !== 'send') continue;
          planned.add(progress.failureId(record));
          if (producer !== undefined) {
            try {
              await producer.send([
                { topic: step.topic, key: record.key, value: record.value, headers: step.headers },
              ]);
            } catch (error) {
              await progress.release(record).catch(() => undefined);
              throw error;
            }
            await progress.markRedriven(record);
          }
          totals.sent += 1;
          if (producer !== undefined && totals.sent % progressEvery === 0) onProgress?.(totals.sent);
        }
      },
    });
    return read === undefined ? undefined : totals;
  } finally {
    await producer?.disconnect();
  }
};
