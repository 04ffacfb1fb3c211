import { formatRecordLine } from './record-line.formatter';

describe('formatRecordLine', () => {
  it('prints one JSON line, with bytes as hex and big longs as strings', () => {
    const line = formatRecordLine({
      topic: 't',
      partition: 0,
      offset: 0,
      key: 'k',
      headers: {},
      value: { digest: Buffer.from([0xab, 0x01]), big: 2n ** 60n, nested: [{ raw: Buffer.from([1]) }] },
    });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({
      value: { digest: 'ab01', big: '1152921504606846976', nested: [{ raw: '01' }] },
    });
  });

  it('indents with --pretty', () => {
    expect(formatRecordLine({ error: { code: 'X', message: 'm' }, line: '' }, { pretty: true })).toContain(
      '\n  ',
    );
  });
});
