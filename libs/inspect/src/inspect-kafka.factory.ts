import { createToolClient, type KafkaClient } from '@orderflow/kafka';

export interface InspectKafkaOptions {
  brokers: readonly string[];
}

/**
 * The Kafka client of the inspect tools. Errors only: their output is the records, and KafkaJS's
 * rebalance chatter on stderr would bury it.
 */
export const createInspectKafka = ({ brokers }: InspectKafkaOptions): KafkaClient =>
  createToolClient({ clientId: 'orderflow-inspect', brokers, logLevel: 'error' });
