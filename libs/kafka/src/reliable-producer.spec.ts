import type { Kafka, ProducerBatch } from 'kafkajs';

import { isOrderflowError } from '@orderflow/errors';

import { createReliableProducer, type RawRecord } from './reliable-producer';

/**
 * A fake KafkaJS client (pure logic: what goes into which request), whose requests the test acknowledges
 * or fails by hand. The broker behaviour itself is covered by the integration tests.
 */
const fakeKafka = () => {
  const requests: { batch: ProducerBatch; ack: () => void; fail: (error: Error) => void }[] = [];
  let connects = 0;
  const kafka = {
    producer: () => ({
      connect: () => {
        connects += 1;
        return Promise.resolve();
      },
      disconnect: () => Promise.resolve(),
      sendBatch: (batch: ProducerBatch) =>
        new Promise((resolve, reject) => {
          requests.push({ batch, ack: () => resolve([]), fail: reject });
        }),
    }),
  } as unknown as Kafka;
  return { kafka, requests, connects: () => connects };
};

const record = (topic: string, key: string): RawRecord => ({
  topic,
  key,
  value: Buffer.from(key),
  headers: {},
});

const keysOf = (batch: ProducerBatch): Record<string, string[]> =>
  Object.fromEntries(
    (batch.topicMessages ?? []).map(({ topic, messages }) => [topic, messages.map((m) => String(m.key))]),
  );

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('createReliableProducer', () => {
  it('coalesces the sends that arrive while a request is in flight into the next one, in arrival order', async () => {
    const { kafka, requests } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const acknowledged: string[] = [];
    const send = (name: string, records: RawRecord[]) =>
      producer.send(records).then(() => void acknowledged.push(name));

    const first = send('first', [record('a', '1')]);
    await settled();
    const second = send('second', [record('a', '2'), record('b', '3')]);
    const third = send('third', [record('a', '4')]);
    await settled();
    expect(requests).toHaveLength(1);
    expect(keysOf(requests[0]!.batch)).toEqual({ a: ['1'] });
    expect(requests[0]!.batch.acks).toBe(-1);

    requests[0]!.ack();
    await first;
    await settled();
    expect(acknowledged).toEqual(['first']);
    expect(requests).toHaveLength(2);
    expect(keysOf(requests[1]!.batch)).toEqual({ a: ['2', '4'], b: ['3'] });

    requests[1]!.ack();
    await Promise.all([second, third]);
    expect(acknowledged).toEqual(['first', 'second', 'third']);
  });

  it('fails every caller of a failed request with a retriable error and reconnects for the next', async () => {
    const { kafka, requests, connects } = fakeKafka();
    const producer = createReliableProducer({ kafka });
    const first = producer.send([record('a', '1')]);
    await settled();
    const second = producer.send([record('b', '2')]);
    const third = producer.send([record('c', '3')]);
    requests[0]!.ack();
    await first;
    await settled();
    requests[1]!.fail(new Error('broker gone'));

    for (const failed of [second, third]) {
      const error: unknown = await failed.catch((caught: unknown) => caught);
      expect(isOrderflowError(error) && error.code).toBe('DEPENDENCY_UNAVAILABLE');
      expect(isOrderflowError(error) && error.retriable).toBe(true);
    }
    const fourth = producer.send([record('a', '4')]);
    await settled();
    expect(connects()).toBe(2);
    requests[2]!.ack();
    await expect(fourth).resolves.toBeUndefined();
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
    await settled();
    await settled();
    expect(Object.keys(keysOf(requests[1]!.batch))).toEqual(['x']);
    requests[1]!.ack();
    await settled();
    await settled();
    expect(Object.keys(keysOf(requests[2]!.batch))).toEqual(['y']);
    requests[2]!.ack();
    await Promise.all(sends);
  });
});
