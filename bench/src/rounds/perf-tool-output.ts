/**
 * Parsers for the summary Kafka's perf tools print (kafka-tools 4.3.1). MB there means MiB (bytes / 2^20).
 */
export interface ProducerPerfSummary {
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
}

export interface ConsumerPerfSummary {
  records: number;
  mb: number;
  mbPerSec: number;
  recordsPerSec: number;
  rebalanceMs: number;
  fetchMs: number;
  fetchMbPerSec: number;
  fetchRecordsPerSec: number;
}

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;

// The last line, e.g. "20000 records sent, 28860.03 records/sec (4.13 MB/sec), 131.30 ms avg latency,
// 393.00 ms max latency, 134 ms 50th, 152 ms 95th, 159 ms 99th, 165 ms 99.9th." Progress lines during the
// run have the same start but no percentiles, hence the anchor on "50th".
const PRODUCER_SUMMARY = new RegExp(
  `^${NUMBER} records sent, ${NUMBER} records/sec \\(${NUMBER} MB/sec\\), ${NUMBER} ms avg latency, ` +
    `${NUMBER} ms max latency, ${NUMBER} ms 50th, ${NUMBER} ms 95th, ${NUMBER} ms 99th, ${NUMBER} ms 99.9th`,
);

export const parseProducerPerfOutput = (output: string): ProducerPerfSummary | undefined => {
  const line = output
    .split('\n')
    .map((candidate) => candidate.trim())
    .reverse()
    .find((candidate) => PRODUCER_SUMMARY.test(candidate));
  const values = line ? PRODUCER_SUMMARY.exec(line)?.slice(1).map(Number) : undefined;
  if (values?.length !== 9) return undefined;
  const [records, recordsPerSec, mbPerSec, avgLatencyMs, maxLatencyMs, p50Ms, p95Ms, p99Ms, p999Ms] =
    values as [number, number, number, number, number, number, number, number, number];
  return { records, recordsPerSec, mbPerSec, avgLatencyMs, maxLatencyMs, p50Ms, p95Ms, p99Ms, p999Ms };
};

// A CSV header then one data line; the two timestamps contain ", " only as the column separator.
const CONSUMER_COLUMNS = {
  mb: 'data.consumed.in.MB',
  mbPerSec: 'MB.sec',
  records: 'data.consumed.in.nMsg',
  recordsPerSec: 'nMsg.sec',
  rebalanceMs: 'rebalance.time.ms',
  fetchMs: 'fetch.time.ms',
  fetchMbPerSec: 'fetch.MB.sec',
  fetchRecordsPerSec: 'fetch.nMsg.sec',
} as const satisfies Record<keyof ConsumerPerfSummary, string>;

export const parseConsumerPerfOutput = (output: string): ConsumerPerfSummary | undefined => {
  const lines = output.split('\n').map((line) => line.trim());
  const headerIndex = lines.findIndex((line) => line.startsWith('start.time,'));
  const header = lines[headerIndex]?.split(',').map((cell) => cell.trim());
  const data = lines[headerIndex + 1]?.split(',').map((cell) => cell.trim());
  if (headerIndex < 0 || !header || !data || data.length !== header.length) return undefined;
  const summary = {} as ConsumerPerfSummary;
  for (const [field, column] of Object.entries(CONSUMER_COLUMNS) as [keyof ConsumerPerfSummary, string][]) {
    const value = Number(data[header.indexOf(column)]);
    if (header.indexOf(column) < 0 || !Number.isFinite(value)) return undefined;
    summary[field] = value;
  }
  return summary;
};
