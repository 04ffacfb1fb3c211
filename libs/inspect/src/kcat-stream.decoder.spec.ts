import { Readable } from 'node:stream';

import type { KafkaRecord } from '@orderflow/kafka';

import { decodeKcatStream } from './kcat-stream.decoder';

describe('decodeKcatStream', () => {
  it('splits records across chunk boundaries, keeps raw bytes, skips kcat notices and reports bad lines', async () => {
    const seen: KafkaRecord[] = [];
    const line = Buffer.concat([
      Buffer.from(
        '{"topic":"t","partition":0,"offset":1,"ts":1000,"headers":["event-id","e1"],"key":"k","payload":"',
      ),
      Buffer.from([0xc8, 0xff]),
      Buffer.from('"}\n% Reached end of topic t [0] at offset 2\n{"topic":\n'),
    ]);
    const output = [];
    for await (const item of decodeKcatStream({
      input: Readable.from([line.subarray(0, 40), line.subarray(40, 83), line.subarray(83)]),
      decode: (record) => {
        seen.push(record);
        return Promise.resolve({
          topic: record.topic,
          partition: 0,
          offset: 1,
          key: 'k',
          headers: {},
        });
      },
    })) {
      output.push(item);
    }

    expect(seen).toEqual([
      {
        topic: 't',
        partition: 0,
        offset: '1',
        timestamp: '1000',
        key: Buffer.from('k'),
        headers: { 'event-id': 'e1' },
        value: Buffer.from([0xc8, 0xff]),
      },
    ]);
    expect(output).toHaveLength(2);
    expect(output[1]).toMatchObject({ error: { code: 'MESSAGE_UNDECODABLE' }, line: '{"topic":' });
  });
});
