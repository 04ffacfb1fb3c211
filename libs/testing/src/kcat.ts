import { execFileSync, spawnSync } from 'node:child_process';

import { parseKcatJsonLines, type KcatRecord } from '@orderflow/inspect';

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
