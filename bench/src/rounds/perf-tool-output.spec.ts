import { parseConsumerPerfOutput, parseProducerPerfOutput } from './perf-tool-output';

// Captured from kafka-tools 4.3.1 against the embedded broker.
const PRODUCER_OUTPUT = [
  '101265 records sent, 20253.0 records/sec (2.90 MB/sec), 98.1 ms avg latency, 390.0 ms max latency.',
  '200000 records sent, 28860.028860 records/sec (4.13 MB/sec), 131.30 ms avg latency, 393.00 ms max latency, 134 ms 50th, 152 ms 95th, 159 ms 99th, 165 ms 99.9th.',
  '',
].join('\n');

const CONSUMER_OUTPUT = [
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
  '2026-11-22 01:36:43:193, 2026-11-22 01:36:43:659, 2.8610, 6.1395, 20000, 42918.4549, 364, 102, 28.0492, 196078.4314',
  '',
].join('\n');

describe('parseProducerPerfOutput', () => {
  it('reads the final summary line, not the progress lines before it', () => {
    expect(parseProducerPerfOutput(PRODUCER_OUTPUT)).toEqual({
      records: 200000,
      recordsPerSec: 28860.02886,
      mbPerSec: 4.13,
      avgLatencyMs: 131.3,
      maxLatencyMs: 393,
      p50Ms: 134,
      p95Ms: 152,
      p99Ms: 159,
      p999Ms: 165,
    });
  });

  it('returns undefined when the run ended before its summary', () => {
    expect(parseProducerPerfOutput(PRODUCER_OUTPUT.split('\n')[0] ?? '')).toBeUndefined();
    expect(parseProducerPerfOutput('Exception in thread "main" org.apache.kafka…')).toBeUndefined();
  });
});

describe('parseConsumerPerfOutput', () => {
  it('maps the CSV columns by name', () => {
    expect(parseConsumerPerfOutput(`WARN something\n${CONSUMER_OUTPUT}`)).toEqual({
      records: 20000,
      mb: 2.861,
      mbPerSec: 6.1395,
      recordsPerSec: 42918.4549,
      rebalanceMs: 364,
      fetchMs: 102,
      fetchMbPerSec: 28.0492,
      fetchRecordsPerSec: 196078.4314,
    });
  });

  it('returns undefined without a data line or with a column missing', () => {
    expect(parseConsumerPerfOutput(CONSUMER_OUTPUT.split('\n')[0] ?? '')).toBeUndefined();
    expect(parseConsumerPerfOutput(CONSUMER_OUTPUT.replace('nMsg.sec,', 'other,'))).toBeUndefined();
  });
});
