import type { BatchConsumer, BatchConsumerOptions, KafkaAdmin, ReliableProducer } from '@orderflow/kafka';

/**
 * What a Kafka client library must provide behind `libs/kafka`: the batch consumer the transport runs on,
 * the idempotent producer and the admin. The conformance suite sees only this.
 */
export interface KafkaPort {
  name: string;
  batchConsumer(options: BatchConsumerOptions): BatchConsumer;
  producer(): ReliableProducer;
  connectAdmin(): Promise<KafkaAdmin>;
}
