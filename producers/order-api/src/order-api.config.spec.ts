import { isOrderflowError } from '@orderflow/errors';

import { readOrderApiConfig } from './order-api.config';

const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
};

describe('readOrderApiConfig', () => {
  it('defaults to port 3000, a 64 KiB body limit, day-long idempotency keys and short leases and waits', () => {
    const config = readOrderApiConfig(connection);
    expect(config.runtime).toMatchObject({ service: 'order-api', group: 'order-api', httpPort: 3000 });
    expect(config.bodyLimitBytes).toBe(65536);
    // A crashed instance's keys free up after 20 s; a busy key answers 409 after 5 s.
    expect(config.idempotency).toEqual({ ttlSeconds: 86400, leaseMs: 20_000, waitMs: 5_000 });
    expect(config.publishTimeoutMs).toBe(10_000);
    expect(config.maxOrdersInFlight).toBe(256);
    // A stopping server lets a delivery being marked finish: the publish timeout and the room after it.
    expect(config.grpc).toEqual({ host: '127.0.0.1', port: 50051, drainMs: 15_000 });
  });

  it('reads the gRPC port and host, and refuses a port out of range', () => {
    expect(
      readOrderApiConfig({ ...connection, ORDER_GRPC_PORT: '61151', ORDER_GRPC_HOST: '0.0.0.0' }).grpc,
    ).toEqual({
      host: '0.0.0.0',
      port: 61151,
      drainMs: 15_000,
    });
    expect(() => readOrderApiConfig({ ...connection, ORDER_GRPC_PORT: '65536' })).toThrow(/ORDER_GRPC_PORT/);
  });

  it('refuses a lease that a publish could outlast (F2)', () => {
    const read = () =>
      readOrderApiConfig({
        ...connection,
        ORDER_API_PUBLISH_TIMEOUT_MS: '10000',
        ORDER_API_IDEMPOTENCY_LEASE_MS: '12000',
      });
    expect(read).toThrow(/ORDER_API_IDEMPOTENCY_LEASE_MS must be at least ORDER_API_PUBLISH_TIMEOUT_MS/);
  });

  it('reads overrides', () => {
    const config = readOrderApiConfig({
      ...connection,
      ORDER_API_PORT: '0',
      ORDER_API_BODY_LIMIT_BYTES: '2048',
      ORDER_API_MAX_IN_FLIGHT: '32',
    });
    expect(config.runtime.httpPort).toBe(0);
    expect(config.bodyLimitBytes).toBe(2048);
    expect(config.maxOrdersInFlight).toBe(32);
  });

  it('stops the boot naming the bad key', () => {
    const read = () => readOrderApiConfig({ ...connection, ORDER_API_IDEMPOTENCY_TTL_SECONDS: 'a day' });
    expect(read).toThrow(/ORDER_API_IDEMPOTENCY_TTL_SECONDS/);
    try {
      read();
    } catch (error) {
      expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    }
  });
});
