import type { ICustomPartitioner, Kafka, Message, ProducerBatch, ProducerConfig } from 'kafkajs';

import { isOrderflowError } from '@orderflow/errors';

import { kafkaClientOf } from './kafkajs-client';
import { createReliableProducer, type ProducerRecord } from './reliable-producer';

interface FakeRequest {
  batch: ProducerBatch;
  /** Which producer (1 = the first one connected) sent it. */
  producerId: number;
  ack: () => void;
  /** Answers as KafkaJS does when a partition moved to a leader that had already answered: without it. */
  ackWithout: (topic: string) => void;
  fail: (error: Error) => void;
}

const PARTITIONS = [0, 1, 2].map((partitionId) => ({
  partitionId,
  partitionErrorCode: 0,
  leader: 1,
  replicas: [1],
  isr: [1],
}));

/**
 * A fake KafkaJS client (pure logic: what goes into which request, on which producer), whose requests the
 * test acknowledges or fails by hand. It partitions with the partitioner the producer hands it, as
 * KafkaJS does. The broker behaviour itself is covered by the integration tests.
 */
const fakeKafka = () => {
  const requests: FakeRequest[] = [];
  /** Each topic-partition's next offset: an acknowledged batch is appended there. */
  const logEnds = new Map<string, number>();
  let connects = 0;
  /** While set, connecting waits for it (an unreachable broker). */
  const gate: { connect?: Promise<void> } = {};
  const kafka = {
    producer: ({ createPartitioner }: ProducerConfig & { createPartitioner?: ICustomPartitioner }) => {
      connects += 1;
      const producerId = connects;
      const partitioner = createPartitioner?.();
      return {
        connect: () => gate.connect ?? Promise.resolve(),
        disconnect: () => Promise.resolve(),
        sendBatch: (batch: ProducerBatch) => {
          const batches = new Map<string, { topicName: string; partition: number; count: number }>();
          for (const { topic, messages } of batch.topicMessages ?? []) {
            for (const message of messages) {
              const partition =
                message.partition ?? partitioner?.({ topic, partitionMetadata: PARTITIONS, message }) ?? 0;
              const key = `${topic}/${partition}`;
              const entry = batches.get(key) ?? { topicName: topic, partition, count: 0 };
              batches.set(key, { ...entry, count: entry.count + 1 });
            }
          }
          // Answered as a broker does: per partition written, the offset of its batch's first record.
          const append = (omitted?: string) =>
            [...batches]
              .filter(([, { topicName }]) => topicName !== omitted)
              .map(([key, { topicName, partition, count }]) => {
                const baseOffset = logEnds.get(key) ?? 0;
                logEnds.set(key, baseOffset + count);
                return { topicName, partition, errorCode: 0, baseOffset: String(baseOffset) };
              });
          return new Promise((resolve, reject) => {
            requests.push({
              batch,
              producerId,
              ack: () => resolve(append()),
              ackWithout: (topic) => resolve(append(topic)),
              fail: reject,
            });
          });
        },
      };
    },
  } as unknown as Kafka;
  return { kafka: kafkaClientOf(kafka), requests, gate, connects: () => connects };
};

const brokerError = (type: string): Error => Object.assign(new Error(type), { type, retriable: false });

const record = (topic: string, key: string, bytes = 1): ProducerRecord => ({
  topic,
  key,
  value: Buffer.alloc(bytes, key),
  headers: {},
});

const messagesOf = (batch: ProducerBatch): Message[] =>
  (batch.topicMessages ?? []).flatMap(({ messages }) => messages);

const keysOf = (batch: ProducerBatch): Record<string, string[]> =>
  Object.fromEntries(
    (batch.topicMessages ?? []).map(({ topic, messages }) => [topic, messages.map((m) => String(m.key))]),
  );

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Waits (bounded) until the fake has seen `count` requests. */
const requestCount = async (requests: FakeRequest[], count: number): Promise<void> => {
  for (let turn = 0; turn < 200 && requests.length < count; turn += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(requests.length).toBeGreaterThanOrEqual(count);
};

const codeAndFlag = (error: unknown): unknown =>
  isOrderflowError(error) ? { code: error.code, retriable: error.retriable } : error;

const codeOf = async (sent: Promise<unknown>): Promise<unknown> =>
  codeAndFlag(await sent.catch((caught: unknown) => caught));

describe('createReliableProducer', () => {
  it('coalesces the sends that arrive while a request is in flight into the next one, in arrival order', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const acknowledged: string[] = [];
    const send = (name: string, records: ProducerRecord[]) =>
      producer.send(records).then(() => void acknowledged.push(name));

    const first = send('first', [record('a', '1')]);
    await settled();
    const second = send('second', [record('a', '2'), record('b', '3')]);
    const third = send('third', [record('a', '4')]);
    await settled();
    expect(requests).toHaveLength(1);
    expect(keysOf(requests[0]!.batch)).toEqual({ a: ['1'] });
    expect(requests[0]!.batch.acks).toBe(-1);
    expect(producer.queuedRecords()).toBe(3);

    requests[0]!.ack();
    await first;
    await settled();
    expect(acknowledged).toEqual(['first']);
    expect(requests).toHaveLength(2);
    expect(keysOf(requests[1]!.batch)).toEqual({ a: ['2', '4'], b: ['3'] });
    expect(producer.queuedRecords()).toBe(0);

    requests[1]!.ack();
    await Promise.all([second, third]);
    expect(acknowledged).toEqual(['first', 'second', 'third']);
  });

  it("answers each caller with its own records' partitions and offsets, in its records' order, from a coalesced request", async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const first = producer.send([record('a', 'k')]);
    await requestCount(requests, 1);
    const second = producer.send([record('a', 'k'), record('b', 'k')]);
    const third = producer.send([record('a', 'k'), record('a', 'k')]);
    requests[0]!.ack();
    const [onA] = await first;
    expect(onA!.offset).toBe('0');

    await requestCount(requests, 2);
    expect(keysOf(requests[1]!.batch)).toEqual({ a: ['k', 'k', 'k'], b: ['k'] });
    requests[1]!.ack();
    // One key, so one partition (its number hashed from the key alone): on topic a the request's batch
    // starts at 1, after the first send's; on topic b at 0.
    expect(await second).toEqual([
      { partition: onA!.partition, offset: '1' },
      { partition: onA!.partition, offset: '0' },
    ]);
    expect(await third).toEqual([
      { partition: onA!.partition, offset: '2' },
      { partition: onA!.partition, offset: '3' },
    ]);
  });

  it('re-sends the very same records on the same producer id after a failed request, until acknowledged (F1)', async () => {
    const { kafka, requests, connects } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const sent = producer.send([record('a', '1'), record('b', '2')]);
    await requestCount(requests, 1);
    requests[0]!.fail(Object.assign(new Error('Request timed out'), { retriable: true }));
    await requestCount(requests, 2);

    // The same message objects with the partitions they were given: the broker's sequence numbers (rolled
    // back by KafkaJS) then name the same batches, and it drops those it already appended.
    expect(requests[1]!.producerId).toBe(1);
    const [before, after] = [messagesOf(requests[0]!.batch), messagesOf(requests[1]!.batch)];
    expect(after).toHaveLength(2);
    after.forEach((message, index) => expect(message).toBe(before[index]));
    expect(after.every((message) => typeof message.partition === 'number')).toBe(true);

    requests[1]!.ack();
    // The failed attempt appended nothing here, so the re-sent records are each partition's first.
    await expect(sent).resolves.toEqual(after.map(({ partition }) => ({ partition, offset: '0' })));
    expect(connects()).toBe(1);
  });

  it('sends again, alone and as they were, the records of a partition an answered send did not acknowledge (case 17)', async () => {
    const { kafka, requests, connects } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const sent = producer.send([record('a', '1'), record('b', '2')]);
    await requestCount(requests, 1);
    requests[0]!.ackWithout('b');
    await requestCount(requests, 2);

    const [first, again] = [messagesOf(requests[0]!.batch), messagesOf(requests[1]!.batch)];
    expect(keysOf(requests[1]!.batch)).toEqual({ b: ['2'] });
    expect(again[0]).toBe(first[1]);
    expect(requests[1]!.producerId).toBe(1);

    requests[1]!.ack();
    await expect(sent).resolves.toEqual(first.map(({ partition }) => ({ partition, offset: '0' })));
    expect(connects()).toBe(1);
  });

  it('never sends other records under rolled-back sequence numbers: a request given up at its deadline moves the next one to a new producer id (platformatic#326)', async () => {
    const { kafka, requests, connects } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const abandoned = producer.send([record('a', '1')], { deadline: Date.now() + 100 });
    await requestCount(requests, 1);

    expect(await codeOf(abandoned)).toEqual({ code: 'PUBLISH_OUTCOME_UNKNOWN', retriable: true });
    const next = producer.send([record('a', '2')]);
    await requestCount(requests, 2);
    expect(keysOf(requests[1]!.batch)).toEqual({ a: ['2'] });
    expect(requests[1]!.producerId).toBe(2);
    expect(connects()).toBe(2);
    requests[1]!.ack();
    await expect(next).resolves.toMatchObject([{ offset: '0' }]);
  });

  it('replaces the producer after a fatal producer error and answers its callers "outcome unknown"', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const failed = producer.send([record('a', '1')]);
    await requestCount(requests, 1);
    requests[0]!.fail(brokerError('OUT_OF_ORDER_SEQUENCE_NUMBER'));
    expect(await codeOf(failed)).toEqual({ code: 'PUBLISH_OUTCOME_UNKNOWN', retriable: true });

    const next = producer.send([record('a', '2')]);
    await requestCount(requests, 2);
    expect(requests[1]!.producerId).toBe(2);
    requests[1]!.ack();
    await next;
  });

  it('answers a caller whose deadline passes while queued "nothing sent", counting its deadline from the call (F9)', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const head = producer.send([record('a', '1')], { deadline: Date.now() + 5_000 });
    await requestCount(requests, 1);
    const startedAt = Date.now();
    const queued = producer.send([record('a', '2')], { deadline: Date.now() + 100 });

    expect(await codeOf(queued)).toEqual({ code: 'DEPENDENCY_UNAVAILABLE', retriable: true });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(producer.queuedRecords()).toBe(0);
    requests[0]!.ack();
    await head;
    await settled();
    expect(requests).toHaveLength(1);
  });

  it('fails a send at once when the queue is full, instead of holding it in memory (F9)', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka, maxQueuedRecords: 3 });
    const head = producer.send([record('a', '0')]);
    await requestCount(requests, 1);
    const waiting = producer.send([record('a', '1'), record('a', '2')]);
    expect(await codeOf(producer.send([record('a', '3'), record('a', '4')]))).toEqual({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
    expect(producer.queuedRecords()).toBe(2);
    requests[0]!.ack();
    await head;
    await requestCount(requests, 2);
    requests[1]!.ack();
    await waiting;
  });

  it('keeps a request to at most 1000 records, never splitting one caller’s records', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const many = (count: number, topic: string) =>
      Array.from({ length: count }, (_, index) => record(topic, String(index)));
    const sends = [producer.send([record('head', '0')])];
    await settled();
    sends.push(producer.send(many(600, 'x')), producer.send(many(600, 'y')));
    requests[0]!.ack();
    await requestCount(requests, 2);
    expect(Object.keys(keysOf(requests[1]!.batch))).toEqual(['x']);
    requests[1]!.ack();
    await requestCount(requests, 3);
    expect(Object.keys(keysOf(requests[2]!.batch))).toEqual(['y']);
    requests[2]!.ack();
    await Promise.all(sends);
  });

  it('stops coalescing before one partition’s batch would pass the byte cap (F1)', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka, maxBytesPerPartition: 2_500 });
    const head = producer.send([record('t', 'head')]);
    await requestCount(requests, 1);
    // One key, one partition: two 1 KB records fit under 2.5 KB, a third does not.
    const sends = ['1', '2', '3'].map(() => producer.send([record('t', 'same-key', 1_000)]));
    requests[0]!.ack();
    await head;
    await requestCount(requests, 2);
    expect(messagesOf(requests[1]!.batch)).toHaveLength(2);
    requests[1]!.ack();
    await requestCount(requests, 3);
    expect(messagesOf(requests[2]!.batch)).toHaveLength(1);
    requests[2]!.ack();
    await Promise.all(sends);
  });

  it('fails only the callers a partition refuses on their own when it refuses a coalesced batch (F1 fate sharing)', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const head = producer.send([record('t', 'head')]);
    await requestCount(requests, 1);
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    const outcomes = keys.map((key) => producer.send([record('t', key)]).then(() => 'ok', codeAndFlag));
    requests[0]!.ack();
    await head;
    await requestCount(requests, 2);
    const partitionOf = (key: string): number =>
      messagesOf(requests[1]!.batch).find((message) => String(message.key) === key)!.partition!;
    const refusedPartition = partitionOf('k1');
    const oversize = 'k1';
    requests[1]!.fail(brokerError('MESSAGE_TOO_LARGE'));

    // From here the broker refuses any batch holding the oversize record and accepts the rest.
    let done = false;
    const all = Promise.all(outcomes).finally(() => (done = true));
    for (let answered = 2, turn = 0; !done && turn < 400; turn += 1) {
      const request = requests[answered];
      if (request === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const keysSent = messagesOf(request.batch).map((message) => String(message.key));
      if (keysSent.includes(oversize)) request.fail(brokerError('MESSAGE_TOO_LARGE'));
      else request.ack();
      answered += 1;
      await settled();
    }
    await all;
    const results = await Promise.all(outcomes);
    expect(results[0]).toEqual({ code: 'EVENT_TOO_LARGE', retriable: false });
    expect(results.slice(1)).toEqual(keys.slice(1).map(() => 'ok'));
    // The refused partition's other callers went alone; the other partitions resent their batch whole.
    const sameBatch = keys.filter((key) => partitionOf(key) !== refusedPartition);
    for (const request of requests.slice(2)) {
      const sent = messagesOf(request.batch).map((message) => String(message.key));
      if (sent.some((key) => sameBatch.includes(key))) {
        expect(sent).toEqual(sameBatch.filter((key) => partitionOf(key) === partitionOf(sent[0]!)));
      }
    }
  });

  it('never sends the records of a caller it answered "nothing sent" while connecting: no ghost (F1)', async () => {
    const { kafka, requests, gate } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const head = producer.send([record('a', 'head')]);
    await requestCount(requests, 1);
    const early = producer.send([record('a', 'early')], { deadline: Date.now() + 100 });
    const late = producer.send([record('a', 'late')], { deadline: Date.now() + 5_000 });
    let connectAgain = (): void => undefined;
    gate.connect = new Promise<void>((resolve) => (connectAgain = resolve));
    requests[0]!.fail(brokerError('UNKNOWN_PRODUCER_ID'));

    expect(await codeOf(head)).toEqual({ code: 'PUBLISH_OUTCOME_UNKNOWN', retriable: true });
    expect(await codeOf(early)).toEqual({ code: 'DEPENDENCY_UNAVAILABLE', retriable: true });
    connectAgain();
    await requestCount(requests, 2);
    expect(keysOf(requests[1]!.batch)).toEqual({ a: ['late'] });
    requests[1]!.ack();
    await expect(late).resolves.toMatchObject([{ offset: '0' }]);
  });
});
