import type { Round } from '../round.types';
import { r0KafkaPerfRound } from './r0-kafka-perf.round';
import { r1KafkaJs } from './r1-kafkajs.round';
import { r2NestTransport } from './r2-nest-transport.round';
import { r3Runtime } from './r3-runtime.round';
import { r4HttpIngestRound } from './r4-http-ingest.round';
import { r5OrderLookup } from './r5-order-lookup.round';
import { r6WorkQueue } from './r6-work-queue.round';

/** Every round, in the order one repetition runs them. */
export const ROUNDS: Round[] = [
  r0KafkaPerfRound,
  r1KafkaJs,
  r2NestTransport,
  r3Runtime,
  r4HttpIngestRound,
  r5OrderLookup,
  r6WorkQueue,
];
