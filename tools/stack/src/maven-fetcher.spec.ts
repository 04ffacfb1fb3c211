import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pollUntil } from '@orderflow/wait';

import { fetchOnce, type MavenRunner } from './maven-fetcher';

/** Stands in for Maven: writes a jar into the output folder after the test lets it finish. */
const fakeMaven = () => {
  const runs: { args: string[]; finish: () => void }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const run: MavenRunner = (args) =>
    new Promise<void>((resolve) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      runs.push({
        args,
        finish: () => {
          const out = args[0] as string;
          mkdirSync(out, { recursive: true });
          writeFileSync(join(out, 'server.jar'), 'jar');
          running -= 1;
          resolve();
        },
      });
    });
  return { run, runs, mostAtOnce: () => mostAtOnce };
};

const waitFor = (description: string, condition: () => boolean): Promise<unknown> =>
  pollUntil(() => Promise.resolve(condition() ? true : undefined), {
    description,
    timeoutMs: 2_000,
    intervalMs: 1,
  });

describe('fetchOnce', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = join(mkdtempSync(join(tmpdir(), 'maven-fetcher-')), 'cache');
  });
  afterEach(() => rmSync(join(cacheDir, '..'), { recursive: true, force: true }));
  /** Fetches `name` into the test's cache, Maven's arguments being just the output folder. */
  const fetchInto = (name: string, run: MavenRunner): Promise<string> =>
    fetchOnce(
      cacheDir,
      name,
      () => undefined,
      (out) => [out],
      run,
    );

  it('shares one download between two components fetching the same server at once', async () => {
    const maven = fakeMaven();
    const first = fetchInto('kafka-x', maven.run);
    const second = fetchInto('kafka-x', maven.run);
    await waitFor('the first Maven run', () => maven.runs.length === 1);
    maven.runs[0]?.finish();
    await expect(Promise.all([first, second])).resolves.toEqual([
      join(cacheDir, 'kafka-x'),
      join(cacheDir, 'kafka-x'),
    ]);
    expect(maven.runs).toHaveLength(1);
    expect(readdirSync(cacheDir)).toEqual(['kafka-x']);
    expect(existsSync(join(cacheDir, 'kafka-x', 'server.jar'))).toBe(true);
  });

  it('runs Maven for different servers one at a time', async () => {
    const maven = fakeMaven();
    const kafka = fetchInto('kafka-x', maven.run);
    const plugin = fetchInto('plugin-y', maven.run);
    await waitFor('the first Maven run', () => maven.runs.length === 1);
    maven.runs[0]?.finish();
    await waitFor('the second Maven run', () => maven.runs.length === 2);
    maven.runs[1]?.finish();
    await Promise.all([kafka, plugin]);
    expect(maven.mostAtOnce()).toBe(1);
    expect(readdirSync(cacheDir).sort()).toEqual(['kafka-x', 'plugin-y']);
  });

  it('lets a later fetch retry after a failed one', async () => {
    const failing: MavenRunner = () => Promise.reject(new Error('Central unreachable'));
    await expect(fetchInto('kafka-x', failing)).rejects.toThrow('Central unreachable');
    const maven = fakeMaven();
    const retry = fetchInto('kafka-x', maven.run);
    await waitFor('the first Maven run', () => maven.runs.length === 1);
    maven.runs[0]?.finish();
    await expect(retry).resolves.toBe(join(cacheDir, 'kafka-x'));
  });
});
