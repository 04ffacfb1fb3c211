/** One record as `kcat -C -J` prints it, with key and payload as the exact bytes on the broker. */
export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  /** Milliseconds since the epoch (`ts`); undefined when kcat printed none. */
  timestamp?: number;
  /** Alternating names and values, as kcat prints them. */
  headers: string[];
  key: Buffer | null;
  payload: Buffer | null;
}

interface KcatJson {
  topic: string;
  partition: number;
  offset: number;
  ts?: number;
  headers?: string[];
  key: string | null;
  payload: string | null;
}

/**
 * One line of kcat -J output, given as latin1 text; undefined for kcat's own lines ("% Reached end…").
 * kcat -J escapes control bytes as \u00XX but writes bytes >= 0x80 raw, so its output is not UTF-8:
 * read as latin1, every character of a string is one original byte again.
 */
export const parseKcatJsonLine = (line: string): KcatRecord | undefined => {
  if (!line.startsWith('{')) return undefined;
  const record = JSON.parse(line) as KcatJson;
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    ...(record.ts === undefined ? {} : { timestamp: record.ts }),
    headers: record.headers ?? [],
    key: record.key === null ? null : Buffer.from(record.key, 'latin1'),
    payload: record.payload === null ? null : Buffer.from(record.payload, 'latin1'),
  };
};

/** Every record in a complete kcat -J output. */
export const parseKcatJsonLines = (output: Buffer): KcatRecord[] =>
  output
    .toString('latin1')
    .split('\n')
    .map(parseKcatJsonLine)
    .filter((record): record is KcatRecord => record !== undefined);
