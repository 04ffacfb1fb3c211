import {
  KAFKA_CONTAINER_PORTS,
  kafkaAdvertisedListeners,
  kafkaContainerEnvironment,
} from './kafka-container-config';

// "INTERNAL://:29092,HOST://..." and "INTERNAL:PLAINTEXT,HOST:PLAINTEXT" both start each entry with the name.
const names = (list: string | undefined): string[] =>
  (list ?? '').split(',').map((entry) => entry.split(':')[0] ?? '');

describe('the testcontainers Kafka configuration', () => {
  const env = kafkaContainerEnvironment('kafka');
  const advertised = kafkaAdvertisedListeners({ networkAlias: 'kafka', host: 'localhost', hostPort: 55001 });

  it('advertises the host listener on the published port and the internal one under the network alias', () => {
    expect(advertised.split(',')).toEqual([
      `INTERNAL://kafka:${KAFKA_CONTAINER_PORTS.internal}`,
      'HOST://localhost:55001',
    ]);
  });

  it('binds every advertised listener, and maps every bound listener to a protocol', () => {
    const bound = names(env.KAFKA_LISTENERS);
    expect(bound).toEqual(expect.arrayContaining(names(advertised)));
    expect(names(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).sort()).toEqual([...bound].sort());
  });

  it('publishes the port the HOST listener binds', () => {
    expect(env.KAFKA_LISTENERS).toContain(`HOST://:${KAFKA_CONTAINER_PORTS.host}`);
  });

  it('runs one combined node whose controller quorum is itself', () => {
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(
      `${env.KAFKA_NODE_ID}@kafka:${KAFKA_CONTAINER_PORTS.controller}`,
    );
  });

  it('keeps topic auto-creation off', () => {
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
  });
});
