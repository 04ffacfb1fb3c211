import { randomBytes } from 'node:crypto';

import type { Kafka, Message, Producer } from 'kafkajs';

import { createTestNamespace, waitFor } from '@orderflow/testing';

import {
  benchKafka,
  benchProducer,
  createSpan,
  deadlineFor,
  disconnectAll,
  overSpan,
  runWithInFlight,
  tallyTopic,
} from '../bench-kafka';
import { compareTallies, createKeyTallier, tallyOf } from '../key-tally';
import { describeRow, startStopwatch, throughputRow } from '../measure';
import type { Round, RoundContext, RowResult } from '../round.types';

export const R1_AWAITED_SEND = 'producer: awaited send, 1 in flight';
const PARTITIONS = 6;

const randomMessages = (count: number, bytes: number): Message[] => {
  const pool = randomBytes(count * bytes);
  return Array.from({ length: count }, (_, index) => ({
    key: `k${index}`,
    value: pool.subarray(index * bytes, (index + 1) * bytes),
  }));
};

const producerRow = async (
  kafka: Kafka,
  producer: Producer,
  topic: string,
  row: string,
  messages: Message[],
  send: (messages: Message[]) => Promise<void>,
): Promise<RowResult> => {
  const stopwatch = startStopwatch();
  await send(messages);
  const measurement = stopwatch.stop();
  const gate = compareTallies(
    tallyOf(messages.map((message) => String(message.key))),
    await tallyTopic(kafka, topic, messages.length),
  );
  return throughputRow(row, 'msgs/s', messages.length, measurement, gate);
};

type ConsumerMode = { kind: 'eachMessage'; concurrency: number } | { kind: 'eachBatch' };

const consumerRow = async (
  kafka: Kafka,
  topic: string,
  row: string,
  sent: Message[],
  mode: ConsumerMode,
): Promise<RowResult> => {
  const consumer = kafka.consumer({ groupId: `${topic}.${mode.kind}-${row.length}-${Date.now()}` });
  const tallier = createKeyTallier();
  const stopwatch = startStopwatch();
  const span = createSpan(() => stopwatch.restart());
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run(
      mode.kind === 'eachBatch'
        ? {
            eachBatch: ({ batch }) => {
              for (const message of batch.messages) {
                span.mark();
                tallier.add(message.key?.toString() ?? '');
              }
              return Promise.resolve();
            },
          }
        : {
            partitionsConsumedConcurrently: mode.concurrency,
            eachMessage: ({ message }) => {
              span.mark();
              tallier.add(message.key?.toString() ?? '');
              return Promise.resolve();
            },
          },
    );
    await waitFor(() => Promise.resolve(tallier.tally.count >= sent.length ? true : undefined), {
      description: `${row} to consume ${sent.length} records`,
      timeoutMs: deadlineFor(sent.length, 500),
      intervalMs: 20,
    });
  } finally {
    await consumer.disconnect();
  }
  const gate = compareTallies(tallyOf(sent.map((message) => String(message.key))), tallier.tally);
  return throughputRow(row, 'msgs/s', sent.length, overSpan(stopwatch.stop(), span), gate);
};

/** R1: the floor everything else is compared with, KafkaJS with nothing on top (acks=all throughout). */
export const r1KafkaJs: Round = {
  id: 'R1',
  name: 'raw KafkaJS',
  async run(ctx: RoundContext) {
    const namespace = createTestNamespace(`bench-r1-${ctx.repetition}`);
    const kafka = benchKafka(ctx.settings, 'orderflow-bench-r1');
    let producer: Producer | undefined;
    try {
      const topics = ['awaited', 'in-flight', 'batch'];
      await namespace.createTopics(topics.map((topic) => ({ topic, partitions: PARTITIONS })));
      const topic = (name: string): string => `${namespace.prefix}${name}`;
      producer = await benchProducer(kafka);
      const p = producer;
      const rows: RowResult[] = [];
      const add = (row: RowResult): void => {
        rows.push(row);
        ctx.progress(describeRow(row));
      };

      const few = randomMessages(ctx.scaled(10), ctx.recordBytes);
      add(
        await producerRow(kafka, p, topic('awaited'), R1_AWAITED_SEND, few, async (messages) => {
          for (const message of messages)
            await p.send({ topic: topic('awaited'), acks: -1, messages: [message] });
        }),
      );
      const many = randomMessages(ctx.messages, ctx.recordBytes);
      add(
        await producerRow(kafka, p, topic('in-flight'), 'producer: 64 sends in flight', many, (messages) =>
          runWithInFlight(messages.length, 64, async (index) => {
            await p.send({ topic: topic('in-flight'), acks: -1, messages: messages.slice(index, index + 1) });
          }),
        ),
      );
      add(
        await producerRow(kafka, p, topic('batch'), 'producer: sendBatch of 100', many, async (messages) => {
          for (let start = 0; start < messages.length; start += 100) {
            await p.sendBatch({
              acks: -1,
              topicMessages: [{ topic: topic('batch'), messages: messages.slice(start, start + 100) }],
            });
          }
        }),
      );
      const modes: [string, ConsumerMode][] = [
        ['consumer: eachMessage, 1 partition at a time', { kind: 'eachMessage', concurrency: 1 }],
        [
          `consumer: eachMessage, ${PARTITIONS} partitions at a time`,
          { kind: 'eachMessage', concurrency: PARTITIONS },
        ],
        ['consumer: eachBatch', { kind: 'eachBatch' }],
      ];
      for (const [row, mode] of modes) add(await consumerRow(kafka, topic('batch'), row, many, mode));
      return rows;
    } finally {
      await disconnectAll(producer);
      await namespace.cleanup();
    }
  },
};
