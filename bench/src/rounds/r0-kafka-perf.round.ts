import { loadTopicsFile, resolveTopicSpecs } from '@orderflow/topics';
import { createTestNamespace } from '@orderflow/testing';

import { benchKafka } from '../bench-kafka';
import { failedRow, startStopwatch } from '../measure';
import type { GateResult, Round, RoundContext, RowResult } from '../round.types';
import { consumerPerfArgs, kafkaToolsRuntime, producerPerfArgs } from './kafka-perf-tools';
import { parseConsumerPerfOutput, parseProducerPerfOutput } from './perf-tool-output';
import { runMeasuredChild, type MeasuredChild } from './process-usage';

/**
 * R0: Kafka's own kafka-producer-perf-test and kafka-consumer-perf-test, from the jars the embedded stack
 * runs, at our mean Avro record size and acks=all, on a fresh topic with order.created's partition
 * count: the ceiling any Node client on this broker is measured against.
 */
export const R0_PRODUCER_RECORDS = 'producer-perf-test: acks=all, records/s';
export const R0_PRODUCER_MB = 'producer-perf-test: acks=all, MiB/s';
export const R0_CONSUMER_RECORDS = 'consumer-perf-test: records/s';
export const R0_CONSUMER_MB = 'consumer-perf-test: MiB/s';

const TOOL_TIMEOUT_MS = 300_000;

const orderCreatedPartitions = (): number => {
  const spec = resolveTopicSpecs({ file: loadTopicsFile() }).find((topic) => topic.name === 'order.created');
  if (!spec) throw new Error('topics.yaml declares no order.created topic');
  return spec.partitions;
};

const toolOutput = (run: MeasuredChild): string => `${run.stdout}\n${run.stderr}`.trim().slice(-600);

const countOnTopic = async (ctx: RoundContext, topic: string): Promise<number> => {
  const admin = benchKafka(ctx.settings, 'orderflow-bench-r0').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
};

/** A row of a perf tool's run: the figure only when the gate passed; CPU and memory of this process and the tool. */
const toolRow =
  (run: Omit<RowResult, 'row' | 'figure' | 'unit' | 'count'> & { records: number }) =>
  (name: string, figure: number | undefined, unit: string): RowResult => ({
    row: name,
    figure: run.gate.ok ? figure : undefined,
    unit,
    gate: run.gate,
    count: run.records,
    elapsedMs: run.elapsedMs,
    self: run.self,
    children: run.children,
  });

const producerRows = async (ctx: RoundContext, topic: string, records: number): Promise<RowResult[]> => {
  const runtime = kafkaToolsRuntime();
  const broker = ctx.settings.kafkaBrokers.join(',');
  const stopwatch = startStopwatch();
  const run = await runMeasuredChild(
    runtime.java,
    producerPerfArgs(runtime, { broker, topic, records, recordSize: ctx.recordBytes }),
    { timeoutMs: TOOL_TIMEOUT_MS },
  );
  const { self } = stopwatch.stop();
  const summary = parseProducerPerfOutput(run.stdout);
  const onTopic = await countOnTopic(ctx, topic);
  const gate: GateResult =
    run.exitCode === 0 && summary?.records === records && onTopic === records
      ? { ok: true, detail: `${records} sent = ${onTopic} on the topic (${ctx.recordBytes} B records)` }
      : {
          ok: false,
          detail: `exit ${run.exitCode}, ${summary?.records ?? 'no'} records reported, ${onTopic} on the topic, ${records} asked: ${toolOutput(run)}`,
        };
  // The tool times its own sends; its rate, not the JVM's start-up, is the figure.
  const elapsedMs = summary ? (summary.records / summary.recordsPerSec) * 1_000 : run.elapsedMs;
  const row = toolRow({ gate, records, elapsedMs, self, children: run.usage });
  ctx.progress(
    `R0 producer-perf-test: ${summary?.recordsPerSec.toFixed(0) ?? '?'} records/s, p99 ${summary?.p99Ms ?? '?'} ms`,
  );
  return [
    row(R0_PRODUCER_RECORDS, summary?.recordsPerSec, 'msgs/s'),
    row(R0_PRODUCER_MB, summary?.mbPerSec, 'MiB/s'),
  ];
};

const consumerRows = async (ctx: RoundContext, topic: string, records: number): Promise<RowResult[]> => {
  const runtime = kafkaToolsRuntime();
  const broker = ctx.settings.kafkaBrokers.join(',');
  const stopwatch = startStopwatch();
  const run = await runMeasuredChild(
    runtime.java,
    consumerPerfArgs(runtime, { broker, topic, records, group: `${topic}.consumer-perf` }),
    { timeoutMs: TOOL_TIMEOUT_MS },
  );
  const { self } = stopwatch.stop();
  const summary = parseConsumerPerfOutput(run.stdout);
  // The correctness gate of every row: the tool's own count equals what the producer tool wrote.
  const gate: GateResult =
    run.exitCode === 0 && summary?.records === records
      ? { ok: true, detail: `${records} produced = ${summary.records} consumed` }
      : {
          ok: false,
          detail: `exit ${run.exitCode}, ${summary?.records ?? 'no'} records consumed of ${records}: ${toolOutput(run)}`,
        };
  // nMsg.sec spans the whole run, group join (rebalance.time.ms) included, as the tool reports it.
  const elapsedMs = summary ? (summary.records / summary.recordsPerSec) * 1_000 : run.elapsedMs;
  const row = toolRow({ gate, records, elapsedMs, self, children: run.usage });
  ctx.progress(
    `R0 consumer-perf-test: ${summary?.recordsPerSec.toFixed(0) ?? '?'} records/s (join ${summary?.rebalanceMs ?? '?'} ms)`,
  );
  return [
    row(R0_CONSUMER_RECORDS, summary?.recordsPerSec, 'msgs/s'),
    row(R0_CONSUMER_MB, summary?.mbPerSec, 'MiB/s'),
  ];
};

export const r0KafkaPerfRound: Round = {
  id: 'R0',
  name: "Kafka's own perf tools (kafka-tools 4.3.1, acks=all, mean order.created size)",
  async run(ctx) {
    const records = ctx.messages;
    const namespace = createTestNamespace(`bench-r0-${ctx.repetition}`);
    try {
      await namespace.createTopics([{ topic: 'perf', partitions: orderCreatedPartitions() }]);
      const topic = `${namespace.prefix}perf`;
      const produced = await producerRows(ctx, topic, records);
      if (!produced.every((row) => row.gate.ok)) {
        const reason = new Error(`nothing to consume: ${produced[0]?.gate.detail ?? 'the producer failed'}`);
        return [
          ...produced,
          failedRow(R0_CONSUMER_RECORDS, 'msgs/s', reason),
          failedRow(R0_CONSUMER_MB, 'MiB/s', reason),
        ];
      }
      return [...produced, ...(await consumerRows(ctx, topic, records))];
    } catch (error) {
      return [R0_PRODUCER_RECORDS, R0_PRODUCER_MB, R0_CONSUMER_RECORDS, R0_CONSUMER_MB].map((row) =>
        failedRow(row, row.endsWith('MiB/s') ? 'MiB/s' : 'msgs/s', error),
      );
    } finally {
      await namespace.cleanup();
    }
  },
};
