import { execFileSync } from 'node:child_process';
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
  java: (execFileJavaVersion() ?? 'unknown').split('\n')[0] ?? 'unknown',
  commit: run('git', ['rev-parse', '--short', 'HEAD']),
  date: new Date().toISOString(),
});

function execFileJavaVersion(): string | undefined {
  try {
    return (
      execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}
