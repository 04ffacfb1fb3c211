import 'reflect-metadata';
import { Controller, Module, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, Ctx, EventPattern, KafkaContext, Payload, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

import { createTestNamespace, waitFor } from '@orderflow/testing';

import {
  benchKafka,
  createSpan,
  deadlineFor,
  overSpan,
  runWithInFlight,
  tallyTopic,
  type Span,
} from '../bench-kafka';
import { compareTallies, createKeyTallier, tallyOf, type KeyTallier } from '../key-tally';
import { startStopwatch, throughputRow } from '../measure';
import type { Round, RoundContext, RowResult } from '../round.types';
import { sampleOrder } from '../sample-orders';

export const R2_CONSUME = '@EventPattern JSON no-op handler';

// The topic is only known at run time (a fresh one per run), so the controller is built around it.
const probeModule = (topic: string, tallier: KeyTallier, span: Span): Type => {
  @Controller()
  class NoOpHandler {
    @EventPattern(topic)
    onEvent(@Payload() _event: unknown, @Ctx() context: KafkaContext): void {
      span.mark();
      tallier.add(String(context.getMessage().key));
    }
  }
  @Module({ controllers: [NoOpHandler] })
  class ProbeModule {}
  return ProbeModule;
};

/** R2: what a NestJS tutorial gives you, Nest's own Kafka transport with JSON payloads. */
export const r2NestTransport: Round = {
  id: 'R2',
  name: "NestJS' Kafka transport",
  async run(ctx: RoundContext) {
    const namespace = createTestNamespace(`bench-r2-${ctx.repetition}`);
    const topic = `${namespace.prefix}orders`;
    // postfixId '' keeps the ids as configured (Nest appends -client / -server otherwise).
    const client = new ClientKafka({
      client: { clientId: 'orderflow-bench-r2-emit', brokers: ctx.settings.kafkaBrokers },
      producer: { allowAutoTopicCreation: false },
      producerOnlyMode: true,
      postfixId: '',
    });
    let app: INestMicroservice | undefined;
    try {
      await namespace.createTopics([{ topic: 'orders', partitions: 6 }]);
      const keys = Array.from({ length: ctx.messages }, (_, index) => `k${index}`);
      const orders = keys.map((_, index) => sampleOrder(index));
      await client.connect();

      ctx.progress(`ClientKafka.emit, 64 in flight: ${keys.length} events`);
      const stopwatch = startStopwatch();
      await runWithInFlight(keys.length, 64, async (index) => {
        await lastValueFrom(client.emit(topic, { key: keys[index], value: orders[index] }), {
          defaultValue: undefined,
        });
      });
      const emitted = stopwatch.stop();
      const expected = tallyOf(keys);
      const kafka = benchKafka(ctx.settings, 'orderflow-bench-r2-verify');
      const rows: RowResult[] = [
        throughputRow(
          'ClientKafka.emit, 64 in flight',
          'msgs/s',
          keys.length,
          emitted,
          compareTallies(expected, await tallyTopic(kafka, topic, keys.length)),
        ),
      ];

      const tallier = createKeyTallier();
      const consumeWatch = startStopwatch();
      const span = createSpan(() => consumeWatch.restart());
      app = await NestFactory.createMicroservice(probeModule(topic, tallier, span), {
        transport: Transport.KAFKA,
        logger: ['error'],
        options: {
          client: { clientId: 'orderflow-bench-r2-consume', brokers: ctx.settings.kafkaBrokers },
          consumer: { groupId: `${namespace.prefix}bench-r2` },
          subscribe: { fromBeginning: true },
          postfixId: '',
        },
      });
      await app.listen();
      await waitFor(() => Promise.resolve(tallier.tally.count >= keys.length ? true : undefined), {
        description: `Nest's Kafka transport to consume ${keys.length} events`,
        timeoutMs: deadlineFor(keys.length, 200),
        intervalMs: 20,
      });
      rows.push(
        throughputRow(
          R2_CONSUME,
          'msgs/s',
          keys.length,
          overSpan(consumeWatch.stop(), span),
          compareTallies(expected, tallier.tally),
        ),
      );
      return rows;
    } finally {
      await app?.close();
      await client.close();
      await namespace.cleanup();
    }
  },
};
