import { loadSchemaCatalog } from '@orderflow/contracts';
import { isOrderflowError } from '@orderflow/errors';
import { checkSchemas, registerSchemas } from '@orderflow/registry';

import { orderCreatedCatalog, orderCreatedSubject, registryTestContext } from './registry-test-helpers';

describe('registerSchemas and checkSchemas against the real registry', () => {
  const { client, topicPrefix, cleanup } = registryTestContext();
  afterAll(cleanup);

  it('reports every subject new, registers them, then reports them unchanged; a second run registers nothing', async () => {
    const catalog = loadSchemaCatalog();
    const before = await checkSchemas({ client, catalog, topicPrefix });
    expect(before.map(({ status }) => status)).toEqual(catalog.contracts.map(() => 'new'));

    const first = await registerSchemas({ client, catalog, topicPrefix });
    expect(first.map(({ registered }) => registered)).toEqual(
      catalog.contracts.map(({ versions }) => versions.map((v) => v.version)),
    );
    const second = await registerSchemas({ client, catalog, topicPrefix });
    expect(second.map(({ registered }) => registered)).toEqual(catalog.contracts.map(() => []));
    expect(second.map(({ ids }) => ids)).toEqual(first.map(({ ids }) => ids));

    for (const { subject, versions } of catalog.contracts.map((c, i) => ({
      ...c,
      subject: first[i]?.subject ?? '',
    }))) {
      expect(await client.listVersions(subject)).toEqual(versions.map(({ version }) => version));
      // Apicurio's global default is NONE; registration must leave the declared mode on the subject.
      expect(await client.getCompatibility(subject)).toBe('BACKWARD_TRANSITIVE');
    }
    const after = await checkSchemas({ client, catalog, topicPrefix });
    expect(after.map(({ subject, status }) => [subject, status])).toEqual(
      first.map(({ subject }) => [subject, 'unchanged']),
    );
  });
});

describe('an incompatible v2 of order.created', () => {
  const { client, topicPrefix, cleanup } = registryTestContext();
  afterAll(cleanup);

  it('fails the check with a reason naming the field, and the registry refuses to register it', async () => {
    await registerSchemas({ client, catalog: orderCreatedCatalog(), topicPrefix });
    const catalog = orderCreatedCatalog('v2-incompatible');

    const [result] = await checkSchemas({ client, catalog, topicPrefix });
    expect(result).toMatchObject({ status: 'incompatible', pending: [2], mode: 'BACKWARD_TRANSITIVE' });
    expect(result?.reasons).toEqual([
      expect.stringContaining(
        'field OrderCreated.couponCode has no default and registered version 1 does not write it',
      ),
    ]);

    const refusal = await registerSchemas({ client, catalog, topicPrefix }).catch((error: unknown) => error);
    expect(isOrderflowError(refusal, 'SCHEMA_INCOMPATIBLE')).toBe(true);
    expect(await client.listVersions(orderCreatedSubject(topicPrefix))).toEqual([1]);
  });
});

describe('a compatible v2 of order.created', () => {
  const { client, topicPrefix, cleanup } = registryTestContext();
  afterAll(cleanup);

  it('passes the check and registers as version 2', async () => {
    await registerSchemas({ client, catalog: orderCreatedCatalog(), topicPrefix });
    const catalog = orderCreatedCatalog('v2-compatible');

    const [result] = await checkSchemas({ client, catalog, topicPrefix });
    expect(result).toMatchObject({ status: 'compatible', pending: [2], reasons: [] });

    const [registration] = await registerSchemas({ client, catalog, topicPrefix });
    expect(registration?.registered).toEqual([2]);
    expect(await client.listVersions(orderCreatedSubject(topicPrefix))).toEqual([1, 2]);
  });
});

describe('a subject whose mode differs from the declared one', () => {
  const { client, topicPrefix, cleanup } = registryTestContext();
  afterAll(cleanup);

  it('is judged under the declared mode: check aligns it before asking the registry', async () => {
    const subject = orderCreatedSubject(topicPrefix);
    await registerSchemas({ client, catalog: orderCreatedCatalog(), topicPrefix });
    await client.setCompatibility(subject, 'NONE');

    const [result] = await checkSchemas({
      client,
      catalog: orderCreatedCatalog('v2-incompatible'),
      topicPrefix,
    });
    expect(result).toMatchObject({ status: 'incompatible', previousMode: 'NONE' });
    expect(await client.getCompatibility(subject)).toBe('BACKWARD_TRANSITIVE');
  });
});
