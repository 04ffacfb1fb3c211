import { OrderflowError } from '@orderflow/errors';
import { NO_TIMESTAMP } from '@orderflow/kafka';

import { createRecordDecoder } from './record-decoder';

const raw = {
  topic: 't',
  partition: 1,
  offset: '5',
  timestamp: '0',
  key: Buffer.from('order-1'),
  headers: {},
};

describe('createRecordDecoder', () => {
  it('keeps an undecodable payload as hex with the error, instead of failing', async () => {
    const decode = createRecordDecoder({
      serde: {
        decode: () =>
          Promise.reject(new OrderflowError('MESSAGE_UNDECODABLE', 'Not a schema-registry message.')),
      },
    });

    await expect(decode({ ...raw, value: Buffer.from([0x7b, 0x00]) })).resolves.toEqual({
      topic: 't',
      partition: 1,
      offset: 5,
      timestamp: '1970-01-01T00:00:00.000Z',
      key: 'order-1',
      headers: {},
      error: { code: 'MESSAGE_UNDECODABLE', message: 'Not a schema-registry message.' },
      payloadHex: '7b00',
    });
  });

  it('fails when the registry is unreachable: every later record would fail the same way', async () => {
    const unavailable = new OrderflowError('DEPENDENCY_UNAVAILABLE', 'down', { retriable: true });
    const decode = createRecordDecoder({ serde: { decode: () => Promise.reject(unavailable) } });

    await expect(decode({ ...raw, value: Buffer.from([0]) })).rejects.toBe(unavailable);
  });

  it('prints no timestamp for a record that has none (kcat printed no ts)', async () => {
    const decode = createRecordDecoder({ serde: { decode: () => Promise.reject(new Error('not called')) } });
    const decoded = await decode({ ...raw, timestamp: NO_TIMESTAMP, value: null });
    expect(decoded).not.toHaveProperty('timestamp');
    expect(decoded).toMatchObject({ offset: 5, key: 'order-1' });
  });

  it('prints a tombstone as a null value without asking the registry', async () => {
    const decode = createRecordDecoder({ serde: { decode: () => Promise.reject(new Error('not called')) } });
    await expect(decode({ ...raw, key: null, value: null })).resolves.toMatchObject({
      key: null,
      value: null,
    });
  });
});

describe('the writer version', () => {
  const value = Buffer.from([0, 0, 0, 0, 9]);
  const serde = { decode: () => Promise.resolve({ schemaId: 9, topic: undefined, value: { ok: true } }) };

  it("shows the subject and version that registered the record's schema id, asking once per id", async () => {
    const lookups: number[] = [];
    const registry = {
      subjectVersionsOfId: (id: number) => {
        lookups.push(id);
        return Promise.resolve([
          { subject: 'other-prefix.t-value', version: 1 },
          { subject: 't-value', version: 2 },
        ]);
      },
    };
    const decode = createRecordDecoder({ serde, registry });

    await expect(decode({ ...raw, value })).resolves.toMatchObject({
      schemaId: 9,
      writer: { subject: 't-value', version: 2 },
    });
    await decode({ ...raw, offset: '6', value });
    expect(lookups).toEqual([9]);
  });

  it('leaves it out when the registry lists no subject for the id', async () => {
    const registry = { subjectVersionsOfId: () => Promise.resolve([]) };
    const decoded = await createRecordDecoder({ serde, registry })({ ...raw, value });
    expect(decoded).not.toHaveProperty('writer');
  });
});
