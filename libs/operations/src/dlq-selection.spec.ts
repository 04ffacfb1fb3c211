import { aDlqRecord } from './dlq-fixtures.spec-helper';
import { selectDlqRecords } from './dlq-selection';
import { countDlqRecords } from './dlq-summary';

const records = [
  aDlqRecord(0, { errorClass: 'Error' }),
  aDlqRecord(1, { errorClass: 'OrderflowError', dlqReason: 'non-retriable' }),
  aDlqRecord(2, { errorClass: 'Error' }),
  aDlqRecord(3, { errorClass: 'Error' }),
];
const offsets = (selected: { offset: string }[]) => selected.map((record) => Number(record.offset));

describe('selectDlqRecords', () => {
  it('selects everything without criteria', () => {
    expect(offsets(selectDlqRecords(records, {}))).toEqual([0, 1, 2, 3]);
  });

  it('combines error class, time window (since inclusive, until exclusive), offsets and max', () => {
    expect(offsets(selectDlqRecords(records, { errorClass: 'Error' }))).toEqual([0, 2, 3]);
    expect(
      offsets(selectDlqRecords(records, { since: 1_795_305_600_001, until: 1_795_305_600_003 })),
    ).toEqual([1, 2]);
    expect(offsets(selectDlqRecords(records, { offsets: [1, 3, 9] }))).toEqual([1, 3]);
    expect(offsets(selectDlqRecords(records, { errorClass: 'Error', max: 2 }))).toEqual([0, 2]);
  });
});

describe('countDlqRecords', () => {
  it('counts by error class and reason, largest first', () => {
    expect(countDlqRecords('payment', records)).toEqual([
      { group: 'payment', errorClass: 'Error', dlqReason: 'retries-exhausted', count: 3 },
      { group: 'payment', errorClass: 'OrderflowError', dlqReason: 'non-retriable', count: 1 },
    ]);
  });
});
