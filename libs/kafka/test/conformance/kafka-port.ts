import type {
  BatchConsumer,
  BatchConsumerOptions,
  KafkaAdmin,
  KafkaClient,
  ReliableProducer,
} from '@orderflow/kafka';

/**
 * What a Kafka client library must provide behind `libs/kafka`: the batch consumer the transport runs on,
 * the idempotent producer, the admin, and the client the tools and tests build plain consumers and
 * producers from. The conformance suite sees only this.
 */
export interface KafkaPort {
  name: string;
  batchConsumer(options: BatchConsumerOptions): BatchConsumer;
  producer(): ReliableProducer;
  connectAdmin(): Promise<KafkaAdmin>;
  client(): KafkaClient;
}
