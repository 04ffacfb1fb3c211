import { Kafka, logLevel } from 'kafkajs';

export interface InspectKafkaOptions {
  brokers: readonly string[];
}

/**
 * The KafkaJS client of the inspect tools. Errors only: their output is the records, and KafkaJS's
 * rebalance chatter on stderr would bury it.
 */
export const createInspectKafka = ({ brokers }: InspectKafkaOptions): Kafka =>
  new Kafka({ clientId: 'orderflow-inspect', brokers: [...brokers], logLevel: logLevel.ERROR });
