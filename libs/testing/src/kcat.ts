import { execFileSync, spawnSync } from 'node:child_process';

/** One record as `kcat -C -J` prints it, with key and payload as the exact bytes on the broker. */
export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  headers: string[];
  key: Buffer | null;
  payload: Buffer | null;
}

interface KcatJson {
  topic: string;
  partition: number;
  offset: number;
  headers?: string[];
  key: string | null;
  payload: string | null;
}

/**
 * kcat -J escapes control bytes as \u00XX but writes bytes >= 0x80 raw, so its output is not UTF-8:
 * read as latin1, every character of a string is one original byte again.
 */
export const parseKcatJsonLines = (output: Buffer): KcatRecord[] =>
  output
    .toString('latin1')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const record = JSON.parse(line) as KcatJson;
      return {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        headers: record.headers ?? [],
        key: record.key === null ? null : Buffer.from(record.key, 'latin1'),
        payload: record.payload === null ? null : Buffer.from(record.payload, 'latin1'),
      };
    });

/** Debian's kcat, installed on first use where the tests run as root (CI), else a clear failure. */
export const ensureKcat = (): void => {
  if (!spawnSync('kcat', ['-V']).error) return;
  if (process.getuid?.() !== 0) throw new Error('kcat is not installed: `sudo apt-get install kcat`.');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'kcat'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
};

/** Reads `count` records of one partition from `offset` and exits, as a person debugging would. */
export const kcatConsume = (options: {
  brokers: string[];
  topic: string;
  partition: number;
  offset: number;
  count: number;
}): KcatRecord[] =>
  parseKcatJsonLines(
    execFileSync(
      'kcat',
      [
        '-b',
        options.brokers.join(','),
        '-C',
        '-J',
        '-q',
        '-e',
        '-t',
        options.topic,
        '-p',
        String(options.partition),
        '-o',
        String(options.offset),
        '-c',
        String(options.count),
      ],
      { timeout: 30_000 },
    ),
  );
