import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { OrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

import { freePortRun } from './free-port';

/** Debian's prometheus, installed on first use where the tests run as root (CI), else a clear failure. */
export const ensurePrometheus = (): void => {
  if (!spawnSync('prometheus', ['--version']).error) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'prometheus is not installed: `sudo apt-get install --no-install-recommends prometheus`.',
    );
  }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  // Without recommends: the node exporter and friends are not what the tests scrape.
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
};

/** `prometheus --version`'s first line, for test logs and reports. */
export const prometheusVersion = (): string =>
  execFileSync('prometheus', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';

export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>`: the HTTP API and the UI. */
  url: string;
  close(): Promise<void>;
}

/**
 * Runs Prometheus as a child process on a free loopback port, with `config` (JSON is valid YAML) and its
 * TSDB in a temporary folder that `close` removes. Resolves once `/-/ready` answers.
 */
export const startPrometheus = async (config: object): Promise<RunningPrometheus> => {
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  // Prometheus takes its listen address as an argument and does not report a port the OS chose.
  const port = await freePortRun(1);
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(
      async () => {
        // Not retriable: a process that exited (bad config, port taken) will not become ready.
        if (child.exitCode !== null) {
          throw new OrderflowError(
            'STACK_START_FAILED',
            `prometheus exited with ${child.exitCode}: ${stderr}`,
          );
        }
        return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
      },
      { description: `Prometheus to be ready on ${url}`, timeoutMs: 30_000 },
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
};
