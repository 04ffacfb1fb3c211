import { loadSchemaCatalog } from '@orderflow/contracts';
import { OrderflowError } from '@orderflow/errors';

import type { RegistryClient } from './registry-client';
import { registerSchemas } from './register-schemas';

const timeout = () =>
  new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Schema registry failed: Timeout (10000ms)', {
    retriable: true,
  });

/** A registry that has nothing yet and fails the first `failures` register calls with `error`. */
const registryFailingRegister = (failures: number, error: () => Error) => {
  let calls = 0;
  const client = {
    setCompatibility: () => Promise.resolve(),
    findSchemaId: () => Promise.resolve(undefined),
    register: () => {
      calls += 1;
      return calls <= failures ? Promise.reject(error()) : Promise.resolve(41 + calls);
    },
  } as unknown as RegistryClient;
  return { client, calls: () => calls };
};

describe('registerSchemas', () => {
  const catalog = loadSchemaCatalog();

  it('calls a registry that timed out again, so a slow registry write does not fail the registration', async () => {
    const { client, calls } = registryFailingRegister(1, timeout);
    const [registration] = await registerSchemas({ client, catalog, topics: ['order.created'] });
    // v1 timed out once and went through on its second call, then v2 on its first: oldest first.
    expect(calls()).toBe(3);
    expect(registration?.registered).toEqual([1, 2]);
    expect(registration?.ids).toEqual([43, 44]);
  });

  it('gives up after three attempts, with the registry’s error', async () => {
    const { client, calls } = registryFailingRegister(3, timeout);
    await expect(registerSchemas({ client, catalog, topics: ['order.created'] })).rejects.toThrow(/Timeout/);
    expect(calls()).toBe(3);
  });

  it('never repeats a refusal: an incompatible schema fails at once', async () => {
    const refused = () => new OrderflowError('SCHEMA_INCOMPATIBLE', 'The registry refused the new schema');
    const { client, calls } = registryFailingRegister(1, refused);
    await expect(registerSchemas({ client, catalog, topics: ['order.created'] })).rejects.toThrow(/refused/);
    expect(calls()).toBe(1);
  });
});
