import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export interface MachineInfo {
  cpus: number;
  model: string;
  memoryGb: number;
  node: string;
  java: string;
  commit: string;
  date: string;
}

const run = (command: string, args: string[]): string => {
  try {
    // java -version writes to stderr.
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr?.trim() || 'unknown';
  }
};

export const describeMachine = (): MachineInfo => ({
  cpus: Number(run('nproc', [])) || cpus().length,
  model: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round((totalmem() / 1_073_741_824) * 10) / 10,
  node: process.version,
  java: javaVersion(),
  commit: commitMeasured(),
  date: new Date().toISOString(),
});

/** The first line of `java -version`, which writes to stderr. */
const javaVersion = (): string => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return result.stderr?.split('\n')[0]?.trim() || 'unknown';
};

/** HEAD, marked when the tree differs from it (besides the bench's own output): the figures are not HEAD's. */
const commitMeasured = (): string => {
  const head = run('git', ['rev-parse', '--short', 'HEAD']);
  const changed = run('git', ['status', '--porcelain', '--', '.', ':(exclude)docs/benchmarks*'])
    .split('\n')
    .filter((line) => line.trim() !== '');
  return changed.length > 0 ? `${head} + ${changed.length} uncommitted file(s)` : head;
};
