import Redis from 'ioredis';

import {
  startFaultProxy,
  startRedisRollback,
  startRedisServer,
  waitFor,
  type FaultProxy,
  type RedisRollback,
  type RedisServerProcess,
} from '@orderflow/testing';

const KEYS_BEFORE = 200;
// Enough bytes that the paused replica's socket buffers fill and the rest waits in the primary's own
// replication buffer, which dies with it.
const KEYS_DURING = 400;
const VALUE = 'x'.repeat(64 * 1024);

// What chaos case 8 does to the stack's Redis, here on a primary of the test's own: a failover to a
// lagging replica loses writes the primary acknowledged, and the clients, through the proxy, carry on
// against the replica as if nothing happened.
describe('a Redis rollback: a lagging replica promoted behind the clients’ proxy', () => {
  let primary: RedisServerProcess;
  let proxy: FaultProxy;
  let rollback: RedisRollback;
  let client: Redis;

  beforeAll(async () => {
    primary = await startRedisServer();
    proxy = await startFaultProxy({ host: '127.0.0.1', port: primary.port });
    rollback = await startRedisRollback({ primary, proxy });
    // Like a service's client: reconnects, and does not resend what was in flight when a link broke.
    client = new Redis(`redis://${proxy.address}`, {
      maxRetriesPerRequest: 1,
      autoResendUnfulfilledCommands: false,
    });
  });

  afterAll(async () => {
    client?.disconnect();
    await rollback?.close();
    await primary?.close();
    await proxy?.close();
  });

  it('loses acknowledged writes made while the replica lagged, keeps the earlier ones, and takes writes again', async () => {
    for (let n = 0; n < KEYS_BEFORE; n++) await client.set(`before:${n}`, String(n));
    await rollback.whenInSync();

    rollback.pauseReplica();
    for (let n = 0; n < KEYS_DURING; n++) expect(await client.set(`during:${n}`, VALUE)).toBe('OK');
    const { lostBytes } = await rollback.promote();
    expect(lostBytes).toBeGreaterThan(0);

    // The clients reconnect through the proxy, now to the promoted replica.
    const role = await waitFor(
      () =>
        client
          .role()
          .then((answer) => String(answer[0]))
          .catch(() => undefined),
      { description: 'the client to reach the promoted replica', timeoutMs: 15_000 },
    );
    expect(role).toBe('master');
    expect(await client.exists(...Array.from({ length: KEYS_BEFORE }, (_, n) => `before:${n}`))).toBe(
      KEYS_BEFORE,
    );
    const kept = await client.exists(...Array.from({ length: KEYS_DURING }, (_, n) => `during:${n}`));
    expect(kept).toBeLessThan(KEYS_DURING);
    expect(await client.set('after', 'written')).toBe('OK');
    expect(await client.get('after')).toBe('written');
  });
});
