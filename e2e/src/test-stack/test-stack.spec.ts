import { EXPORTED_ENV_KEYS, exportToEnvironment } from './test-stack';

const settings = {
  kafkaBrokers: ['localhost:55092'],
  schemaRegistryUrl: 'http://localhost:55081',
  redisUrl: 'redis://localhost:55379',
};

describe('exportToEnvironment', () => {
  it("hands workers every server, and where Connect reaches the database when that differs from the host's", () => {
    const env: Record<string, string | undefined> = {};
    exportToEnvironment(
      {
        settings,
        amqpUrl: 'amqp://guest:guest@localhost:55672',
        databaseUrl: 'postgres://orderflow:orderflow@localhost:55432/orderflow',
        connectUrl: 'http://localhost:55083',
        connectDatabaseAddress: 'postgres:5432',
        rabbitmqManagementUrl: 'http://guest:guest@localhost:55673',
      },
      env,
    );
    expect(env).toEqual({
      KAFKA_BROKERS: 'localhost:55092',
      SCHEMA_REGISTRY_URL: 'http://localhost:55081',
      REDIS_URL: 'redis://localhost:55379',
      AMQP_URL: 'amqp://guest:guest@localhost:55672',
      RABBITMQ_MANAGEMENT_URL: 'http://guest:guest@localhost:55673',
      DATABASE_URL: 'postgres://orderflow:orderflow@localhost:55432/orderflow',
      KAFKA_CONNECT_URL: 'http://localhost:55083',
      ORDERFLOW_CONNECT_DATABASE_ADDRESS: 'postgres:5432',
    });
    // What a process drops to start servers of its own (chaos's cluster stack) names every one of them.
    expect([...EXPORTED_ENV_KEYS].sort()).toEqual(Object.keys(env).sort());
  });

  it('leaves the database address alone for a worker that reaches the server where the URL says', () => {
    const env: Record<string, string | undefined> = {};
    exportToEnvironment({ settings, connectUrl: 'http://127.0.0.1:18083' }, env);
    expect(env.ORDERFLOW_CONNECT_DATABASE_ADDRESS).toBeUndefined();
  });
});
