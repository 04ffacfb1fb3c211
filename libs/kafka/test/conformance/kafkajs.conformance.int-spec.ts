import {
  connectAdmin,
  createBatchConsumer,
  createReliableProducer,
  createToolClient,
  type KafkaClient,
} from '@orderflow/kafka';
import { integrationSettings } from '@orderflow/testing';

import { describeKafkaPort } from './kafka-port.conformance';

const brokers = integrationSettings().kafkaBrokers;
const client = (clientId: string): KafkaClient =>
  createToolClient({ brokers, clientId, logLevel: 'nothing' });

describeKafkaPort({
  name: 'KafkaJS',
  batchConsumer: (options) => createBatchConsumer(client('orderflow-conformance-consumer'), options),
  producer: () => createReliableProducer({ kafka: client('orderflow-conformance-producer') }),
  connectAdmin: () => connectAdmin({ brokers, clientId: 'orderflow-conformance-admin', logLevel: 'nothing' }),
  client: () => client('orderflow-conformance-tool'),
});
