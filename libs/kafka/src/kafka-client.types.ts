import type { Consumer, Kafka, Producer } from 'kafkajs';

/**
 * The client the operator tools, inspectors and tests build readers and producers from. Still KafkaJS's
 * own shape: only `libs/kafka` names the library, so a swap starts here and at these aliases' users.
 */
export type KafkaClient = Kafka;
export type KafkaConsumer = Consumer;
export type KafkaProducer = Producer;

/** How much of KafkaJS's own logging reaches stderr. */
export type KafkaLogLevel = 'nothing' | 'error' | 'warn';
