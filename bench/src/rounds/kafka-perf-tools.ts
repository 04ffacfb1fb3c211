import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';
import { findJava, readStackSettings, STACK_VERSIONS } from '@orderflow/stack';

/** The java and classpath that run Kafka's own tools from the jars the embedded stack cached. */
export interface KafkaToolsRuntime {
  java: string;
  classpath: string;
}

export const kafkaToolsRuntime = (): KafkaToolsRuntime => {
  const jars = join(readStackSettings().cacheDir, `kafka-${STACK_VERSIONS.kafka}`);
  if (!existsSync(join(jars, `kafka-tools-${STACK_VERSIONS.kafka}.jar`))) {
    throw new OrderflowError(
      'PREREQUISITE_MISSING',
      `Kafka's tools are not cached in ${jars}; run \`npm run stack:up\` once (it fetches them), then the benchmark again.`,
      { context: { jars } },
    );
  }
  return { java: findJava(17, "Kafka's perf tools").executable, classpath: `${jars}/*` };
};

// 256 MiB is plenty for either tool; a fixed heap keeps their RSS comparable between runs.
const JVM_ARGS = ['-Xmx256m'];

/** kafka-producer-perf-test, unthrottled, acks=all (4.3.1 deprecates --producer-props for --command-property). */
export const producerPerfArgs = (
  runtime: KafkaToolsRuntime,
  {
    broker,
    topic,
    records,
    recordSize,
  }: { broker: string; topic: string; records: number; recordSize: number },
): string[] => [
  ...JVM_ARGS,
  '-cp',
  runtime.classpath,
  'org.apache.kafka.tools.ProducerPerformance',
  '--bootstrap-server',
  broker,
  '--topic',
  topic,
  '--num-records',
  String(records),
  '--record-size',
  String(recordSize),
  '--throughput',
  '-1',
  '--command-property',
  'acks=all',
];

/** kafka-consumer-perf-test from the earliest offset in a group of its own (4.3.1: --num-records). */
export const consumerPerfArgs = (
  runtime: KafkaToolsRuntime,
  { broker, topic, records, group }: { broker: string; topic: string; records: number; group: string },
): string[] => [
  ...JVM_ARGS,
  '-cp',
  runtime.classpath,
  'org.apache.kafka.tools.ConsumerPerformance',
  '--bootstrap-server',
  broker,
  '--topic',
  topic,
  '--num-records',
  String(records),
  '--group',
  group,
  '--timeout',
  '30000',
];
