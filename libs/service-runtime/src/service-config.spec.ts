import { z } from 'zod';

import { isOrderflowError } from '@orderflow/errors';

import { readServiceConfig } from './service-config';

const identity = {
  name: 'sample',
  group: 'sample-group',
  portVariable: 'SAMPLE_PORT',
  defaultPort: 3999,
  script: 'consumers/sample/dist/main.js',
};
const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
};
const schema = z.object({
  SAMPLE_TTL_DAYS: z.coerce.number().int().min(1).default(7),
  SAMPLE_MODE: z.enum(['a', 'b']).default('a'),
});

describe('readServiceConfig', () => {
  it('reads the service variables and the runtime, the port through the identity', () => {
    const { runtime, settings } = readServiceConfig(schema, { ...connection, SAMPLE_PORT: '0' }, identity);
    expect(settings).toEqual({ SAMPLE_TTL_DAYS: 7, SAMPLE_MODE: 'a' });
    expect(runtime).toMatchObject({ service: 'sample', group: 'sample-group', httpPort: 0 });
    expect(readServiceConfig(schema, connection, identity).runtime.httpPort).toBe(3999);
  });

  it('names the first bad variable in one message format', () => {
    let thrown: unknown;
    try {
      readServiceConfig(schema, { ...connection, SAMPLE_TTL_DAYS: '0', SAMPLE_MODE: 'c' }, identity);
    } catch (error) {
      thrown = error;
    }
    expect(isOrderflowError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect(thrown).toMatchObject({ context: { key: 'SAMPLE_TTL_DAYS', value: '0' } });
    expect((thrown as Error).message).toMatch(/^SAMPLE_TTL_DAYS is invalid \(.+\); fix or unset it\.$/);
  });
});
