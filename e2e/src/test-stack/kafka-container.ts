import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import {
  BoundPorts,
  GenericContainer,
  Wait,
  getContainerRuntimeClient,
  waitForContainer,
} from 'testcontainers';

import { CONTAINER_IMAGES } from './container-images';
import {
  KAFKA_CONTAINER_PORTS,
  kafkaAdvertisedListeners,
  kafkaContainerEnvironment,
} from './kafka-container-config';

export interface KafkaContainerOptions {
  network: StartedNetwork;
  networkAlias?: string;
  startupTimeoutMs?: number;
}

export interface StartedKafkaContainer {
  container: StartedTestContainer;
  /** host:port for processes outside Docker (the tests). */
  bootstrapServer: string;
  /** alias:port for containers on the same network. */
  internalBootstrapServer: string;
}

const START_SCRIPT = '/tmp/orderflow-kafka-start.sh';
// Written after the script: the holding loop must not exec a file Docker is still writing ("Text file busy").
const START_SCRIPT_READY = '/tmp/orderflow-kafka-start.ready';
const HOLDING_MESSAGE = 'orderflow: waiting for the start script';
// Logged once by KafkaRaftServer when broker and controller both run; Kafka's own system tests key on it.
const STARTED_MESSAGE = /Kafka Server started/;

/**
 * Starts apache/kafka in KRaft mode. The host listener must advertise the port Docker publishes it on, which
 * is only known after the container starts, so the container first holds in a shell loop; once the port is
 * known a start script exporting KAFKA_ADVERTISED_LISTENERS is copied in and runs the image's own entrypoint
 * (the approach of Testcontainers for Java's KafkaContainer).
 */
export const startKafkaContainer = async ({
  network,
  networkAlias = 'kafka',
  startupTimeoutMs = 120_000,
}: KafkaContainerOptions): Promise<StartedKafkaContainer> => {
  const container = await new GenericContainer(CONTAINER_IMAGES.kafka)
    .withNetwork(network)
    .withNetworkAliases(networkAlias)
    .withExposedPorts(KAFKA_CONTAINER_PORTS.host)
    .withEnvironment(kafkaContainerEnvironment(networkAlias))
    .withCommand([
      'sh',
      '-c',
      `echo '${HOLDING_MESSAGE}'; while [ ! -f ${START_SCRIPT_READY} ]; do sleep 0.1; done; exec ${START_SCRIPT}`,
    ])
    .withWaitStrategy(Wait.forLogMessage(HOLDING_MESSAGE))
    .start();

  try {
    const host = container.getHost();
    const hostPort = container.getMappedPort(KAFKA_CONTAINER_PORTS.host);
    const advertised = kafkaAdvertisedListeners({ networkAlias, host, hostPort });
    const script = `#!/bin/sh\nexport KAFKA_ADVERTISED_LISTENERS='${advertised}'\nexec /etc/kafka/docker/run\n`;
    await container.copyContentToContainer([{ content: script, target: START_SCRIPT, mode: 0o755 }]);
    await container.copyContentToContainer([{ content: 'ready\n', target: START_SCRIPT_READY }]);

    const client = await getContainerRuntimeClient();
    const started = Wait.forLogMessage(STARTED_MESSAGE).withStartupTimeout(startupTimeoutMs);
    // A log strategy reads no ports, hence the empty BoundPorts.
    await waitForContainer(client, client.container.getById(container.getId()), started, new BoundPorts());

    return {
      container,
      bootstrapServer: `${host}:${hostPort}`,
      internalBootstrapServer: `${networkAlias}:${KAFKA_CONTAINER_PORTS.internal}`,
    };
  } catch (error) {
    // waitForContainer already removes a container that never became ready; stop() then finds nothing,
    // and the start failure is the error worth reporting.
    await container.stop().catch(() => undefined);
    throw error;
  }
};
