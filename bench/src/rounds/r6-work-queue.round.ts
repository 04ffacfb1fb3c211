import { resolveAmqpUrl } from '@orderflow/config';
import { createTestNamespace } from '@orderflow/testing';

import { describeRow, failedRow } from '../measure';
import { rowKey, type Round, type RoundContext, type RowResult } from '../round.types';
import { KAFKA_TOPIC, startKafkaTopic } from './r6-kafka-topic';
import { brokerRows, measureBroker, r6Rows } from './r6-phases';
import { RABBITMQ_QUEUE, startRabbitmqQueue } from './r6-rabbitmq-queue';
import { createSendJobs, type JobBroker } from './r6-send-job';

/**
 * R6: the same 5 ms send job through a RabbitMQ work queue (libs/rabbitmq, notification-sender's
 * two workers × prefetch 16) and through a Kafka topic read by our consumer runtime: a burst, a steady
 * 200 jobs/s, and that rate with one 2 s job among the others (issue 13's "measured side by side").
 */
const run = async (ctx: RoundContext): Promise<RowResult[]> => {
  const namespace = createTestNamespace(`bench-r6-${ctx.repetition}`);
  const jobs = createSendJobs();
  const measure = async (
    label: string,
    start: () => Promise<JobBroker>,
    burstBaseline?: string,
  ): Promise<RowResult[]> => {
    try {
      const broker = await start();
      ctx.progress(`${label}: measuring`);
      const rows = await measureBroker(ctx, broker, jobs, burstBaseline).finally(() => broker.close());
      for (const row of rows) ctx.progress(describeRow(row));
      return rows;
    } catch (error) {
      const rows = brokerRows(label, ctx.messages).map(([row, unit]) => failedRow(row, unit, error));
      ctx.progress(describeRow(rows[0]!));
      return rows;
    }
  };
  const rabbitmq = () =>
    measure(RABBITMQ_QUEUE, () =>
      startRabbitmqQueue({ url: resolveAmqpUrl(), prefix: namespace.prefix, jobs }),
    );
  const kafka = () =>
    measure(
      KAFKA_TOPIC,
      () => startKafkaTopic({ settings: ctx.settings, namespace, jobs }),
      rowKey('R6', r6Rows.burst(RABBITMQ_QUEUE, ctx.messages)),
    );
  try {
    // Which goes first alternates by repetition, so that drift (a warming JIT, a neighbour) favours neither.
    if (ctx.repetition % 2 === 1) {
      const first = await rabbitmq();
      return [...first, ...(await kafka())];
    }
    const first = await kafka();
    return [...(await rabbitmq()), ...first];
  } finally {
    await namespace.cleanup();
  }
};

export const r6WorkQueue: Round = {
  id: 'R6',
  name: 'send job: RabbitMQ work queue vs Kafka topic + runtime',
  run,
};
