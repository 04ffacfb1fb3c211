import { parseKcatJsonLines } from './kcat-json.parser';

describe('parseKcatJsonLines', () => {
  it('recovers the exact bytes of a binary payload that kcat -J writes half escaped, half raw', () => {
    const original = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x05, 0x02, 0xc8, 0x01, 0xff, 0x80, 0x61]);
    // What kcat prints for that payload: control bytes as \u00XX escapes, bytes >= 0x80 as raw bytes.
    const line = Buffer.concat([
      Buffer.from(
        '{"topic":"t","partition":2,"offset":7,"headers":["correlation-id","c-1"],"key":"order-1","payload":"',
      ),
      Buffer.from('\\u0000\\u0000\\u0000\\u0000\\u0005\\u0002'),
      Buffer.from([0xc8]),
      Buffer.from('\\u0001'),
      Buffer.from([0xff, 0x80]),
      Buffer.from('a"}\n% Reached end of topic t [2] at offset 8\n'),
    ]);

    const [record, ...rest] = parseKcatJsonLines(line);

    expect(rest).toEqual([]);
    expect(record).toEqual({
      topic: 't',
      partition: 2,
      offset: 7,
      headers: ['correlation-id', 'c-1'],
      key: Buffer.from('order-1'),
      payload: original,
    });
  });

  it('keeps a null key and a null payload (tombstone) as null', () => {
    const [record] = parseKcatJsonLines(
      Buffer.from('{"topic":"t","partition":0,"offset":0,"key":null,"payload":null}\n'),
    );
    expect(record).toMatchObject({ key: null, payload: null, headers: [] });
  });

  it('keeps the record timestamp kcat prints as ts', () => {
    const [record] = parseKcatJsonLines(
      Buffer.from(
        '{"topic":"t","partition":0,"offset":0,"tstype":"create","ts":1795308457388,"key":"k","payload":"v"}\n',
      ),
    );
    expect(record?.timestamp).toBe(1795308457388);
  });
});
