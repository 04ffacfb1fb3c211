import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import {
  applyOffsetReset,
  assertGroupStopped,
  eventIdReader,
  withOperations,
  executeRepublish,
  liveMembers,
  parseIntegerList,
  parsePositiveInteger,
  parseRangeSelection,
  parseResetMode,
  planOffsetReset,
  planRepublish,
  scanReplayDone,
  type DoneScan,
  type OffsetResetPlan,
  type OperationsClient,
  type RangeOptions,
  type ResetModeOptions,
} from '@orderflow/operations';
import { createAvroSerde, createRegistryClient } from '@orderflow/registry';
import { consumerGroup, loadTopicsFile } from '@orderflow/topics';

import { progressReporter } from '../output/progress-reporter';
import { renderTable } from '../output/render-table';
import { withRedis } from './redis-connection';

interface ReplayOptions extends ResetModeOptions, RangeOptions {
  topic: string;
  group?: string;
  into?: string;
  partitions?: string;
  execute?: boolean;
  forgetDone?: boolean;
  skipDoneCheck?: boolean;
  allowLiveTarget?: boolean;
  topicPrefix: string;
  file?: string;
  progressEvery: string;
}

const withCliOperations = <T>(work: (client: OperationsClient) => Promise<T>): Promise<T> =>
  withOperations({ brokers: resolveConnectionSettings().kafkaBrokers }, work);

const printResetPlan = (plan: OffsetResetPlan): void => {
  const rows = plan.partitions.map((reset) => [
    String(reset.partition),
    reset.current === undefined ? 'none' : String(reset.current),
    `${String(reset.target)}${reset.clamped ? ' (clamped)' : ''}`,
    `${String(reset.low)}..${String(reset.high)}`,
    reset.lagBefore === undefined ? '-' : String(reset.lagBefore),
    String(reset.lagAfter),
  ]);
  console.log(`Group ${plan.groupId} on ${plan.topic} (${plan.mode.kind}):`);
  console.log(renderTable(['PARTITION', 'CURRENT', 'NEW', 'LOG', 'LAG NOW', 'LAG AFTER'], rows));
};

const describeDone = (scan: DoneScan, group: string, forget: boolean, dryRun: boolean): string => {
  const unidentified = scan.unidentified > 0 ? `; ${scan.unidentified} without a readable eventId` : '';
  if (scan.done === 0)
    return `The group will read ${scan.records} record(s) again; none is marked done${unidentified}.`;
  if (forget)
    return (
      `The group will read ${scan.records} record(s) again; ${scan.done} are marked done for ${group}: ` +
      `their markers ${dryRun ? 'would be' : 'were'} deleted, so they are processed again${unidentified}.`
    );
  return (
    `WARNING: ${scan.done} of the ${scan.records} record(s) the group will read again are marked done for ${group} ` +
    `and will be SKIPPED as duplicates (done markers outlive the topics' retention)${unidentified}. ` +
    'To reprocess them, add --forget-done (their markers are deleted when the reset is applied).'
  );
};

const SKIPPED_CHECK =
  'Done markers not checked (--skip-done-check): events the group completed in the last 8 days will be skipped.';

/**
 * Reset mode: print current → new per partition and how many records of the replayed range the group's done
 * markers would skip; with --execute commit them (stopped groups only), first forgetting those markers
 * with --forget-done.
 */
const resetOffsets = async (options: ReplayOptions, group: string): Promise<void> => {
  const mode = parseResetMode(options);
  const { topicPrefix } = options;
  const forget = options.forgetDone === true;
  const service = consumerGroup({ file: loadTopicsFile({ path: options.file }), name: group })?.service;
  const { schemaRegistryUrl } = resolveConnectionSettings();
  const eventIdOf = eventIdReader(
    createAvroSerde({ client: createRegistryClient({ url: schemaRegistryUrl }), topicPrefix }),
  );
  await withRedis((redis) =>
    withCliOperations(async ({ admin, kafka }) => {
      const plan = await planOffsetReset({
        admin,
        groupId: `${topicPrefix}${group}`,
        topic: `${topicPrefix}${options.topic}`,
        mode,
        partitions:
          options.partitions === undefined ? undefined : parseIntegerList(options.partitions, '--partitions'),
      });
      printResetPlan(plan);
      const markers = { redis, keyPrefix: topicPrefix, group };
      if (options.execute !== true) {
        if (options.skipDoneCheck === true) console.log(SKIPPED_CHECK);
        else {
          const scan = await scanReplayDone({ kafka, plan, ...markers, eventIdOf, forget: false });
          console.log(describeDone(scan, group, forget, true));
        }
        const members = await liveMembers({ admin, groupId: plan.groupId });
        if (members.length > 0)
          console.log(`Note: the group has ${members.length} live member(s); stop it before --execute.`);
        console.log('Dry run: nothing changed. Add --execute to commit these offsets.');
        return;
      }
      // Before any marker is forgotten: a running group's next commit would undo the reset anyway.
      await assertGroupStopped({ admin, groupId: plan.groupId, service });
      if (options.skipDoneCheck === true && !forget) console.log(SKIPPED_CHECK);
      else {
        const scan = await scanReplayDone({ kafka, plan, ...markers, eventIdOf, forget });
        console.log(describeDone(scan, group, forget, false));
      }
      await applyOffsetReset({
        admin,
        plan,
        service,
        storedOffsets: { redis, keyPrefix: topicPrefix, group },
      });
      console.log(`Committed new offsets for ${plan.partitions.length} partition(s) of ${plan.topic}.`);
    }),
  );
};

/** Republish mode: copy a range of one topic into another through the reliable producer. */
const republish = async (options: ReplayOptions, into: string): Promise<void> => {
  if (options.toEarliest === true || options.toLatest === true || options.shiftBy !== undefined) {
    throw new OrderflowError(
      'OPERATION_INVALID',
      '--to-earliest, --to-latest and --shift-by reset a group; with --into give a range (--from-offset/--to-offset or --from-datetime/--to-datetime).',
    );
  }
  const { topicPrefix } = options;
  const progressEvery = parsePositiveInteger(options.progressEvery, '--progress-every');
  await withCliOperations(async ({ admin, kafka }) => {
    const plan = await planRepublish({
      admin,
      source: `${topicPrefix}${options.topic}`,
      target: `${topicPrefix}${into}`,
      selection: parseRangeSelection(options),
      allowLiveTarget: options.allowLiveTarget === true,
      partitions:
        options.partitions === undefined ? undefined : parseIntegerList(options.partitions, '--partitions'),
    });
    console.log(`Copy ${plan.source} → ${plan.target}:`);
    const rows = plan.ranges.map((range) => [
      String(range.partition),
      range.from === range.end ? 'empty' : `${String(range.from)}..${String(range.end - 1n)}`,
      String(range.end - range.from),
    ]);
    console.log(renderTable(['PARTITION', 'OFFSETS', 'RECORDS'], rows));
    if (options.execute !== true) {
      console.log(`Dry run: ${String(plan.total)} record(s) would be copied. Add --execute to copy them.`);
      return;
    }
    const report = progressReporter();
    const copied = await executeRepublish({
      kafka,
      plan,
      progressEvery,
      onProgress: (count) => report(`copied ${count} of ${String(plan.total)}`),
    });
    report(`done: ${copied} record(s) copied into ${plan.target}`);
  });
};

export const registerReplayCommand = (program: Command): void => {
  program
    .command('replay')
    .description(
      'Reset a STOPPED group’s offsets on a topic (one of --to-earliest|--to-latest|--to-offset|--to-datetime|--shift-by), ' +
        'or with --into copy a range of the topic into another. Dry run unless --execute.',
    )
    .requiredOption('--topic <name>', 'the topic (logical name, without the prefix)')
    .option('--group <name>', 'consumer group whose offsets to reset (as in topics.yaml)')
    .option('--partitions <list>', 'only these partitions, e.g. 0,2 (default: all)')
    .option('--to-earliest', 'reset to the log start')
    .option('--to-latest', 'reset to the end (skip everything not yet read)')
    .option(
      '--to-offset <n>',
      'reset to offset n (clamped to the log); with --into: last offset to copy (inclusive)',
    )
    .option(
      '--to-datetime <iso>',
      'reset to the first record at or after this time, e.g. 2026-11-21T12:00:00Z; with --into: copy records before it',
    )
    .option('--shift-by <n>', 'move the committed offset by ±n (use --shift-by=-n for negative values)')
    .option(
      '--forget-done',
      'with --group: delete the group’s done markers of the replayed range, so it reprocesses them',
    )
    .option(
      '--skip-done-check',
      'with --group: do not read the replayed range to count done markers (a long range reads for minutes)',
    )
    .option('--into <topic>', 'copy records into this topic instead of resetting a group')
    .option(
      '--allow-live-target',
      'with --into: copy even while consumer groups read the target (they process every copy)',
    )
    .option('--from-offset <n>', 'with --into: first offset to copy, per partition (inclusive)')
    .option('--from-datetime <iso>', 'with --into: copy records at or after this time')
    .option('--progress-every <n>', 'with --into: a progress line every n records', '1000')
    .option('--execute', 'apply: commit the offsets or copy the records')
    .option('--file <path>', 'topics file (default: the checkout’s topics.yaml)')
    .option(
      '--topic-prefix <prefix>',
      'prepend to every topic and group name (isolates experiments and tests)',
      '',
    )
    .action(async (options: ReplayOptions) => {
      if ((options.group === undefined) === (options.into === undefined)) {
        throw new OrderflowError(
          'OPERATION_INVALID',
          'Give --group <name> to reset a stopped group’s offsets, or --into <topic> to copy a range; exactly one.',
        );
      }
      if (options.into !== undefined) await republish(options, options.into);
      else if (options.group !== undefined) await resetOffsets(options, options.group);
    });
};
