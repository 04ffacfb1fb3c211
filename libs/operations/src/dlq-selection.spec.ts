import { aDlqRecord } from './dlq-fixtures.spec-helper';
import { dlqRecordMatches, type DlqSelection } from './dlq-selection';
import { countDlqRecords } from './dlq-summary';

const records = [
  aDlqRecord(0, { errorClass: 'Error' }),
  aDlqRecord(1, { errorClass: 'OrderflowError', dlqReason: 'non-retriable' }),
  aDlqRecord(2, { errorClass: 'Error' }),
  aDlqRecord(3, { errorClass: 'Error' }),
];
const matching = (selection: DlqSelection) =>
  records.filter((record) => dlqRecordMatches(record, selection)).map((record) => Number(record.offset));

// `max` counts across the pages the reader streams, so the integration tests cover it.
describe('dlqRecordMatches', () => {
  it('matches everything without criteria', () => {
    expect(matching({})).toEqual([0, 1, 2, 3]);
  });

  it('combines error class, time window (since inclusive, until exclusive) and offsets', () => {
    expect(matching({ errorClass: 'Error' })).toEqual([0, 2, 3]);
    expect(matching({ since: 1_795_305_600_001, until: 1_795_305_600_003 })).toEqual([1, 2]);
    expect(matching({ offsets: [1, 3, 9] })).toEqual([1, 3]);
    expect(matching({ errorClass: 'Error', offsets: [1, 2] })).toEqual([2]);
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
