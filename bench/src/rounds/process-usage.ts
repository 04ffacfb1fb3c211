import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

import type { ProcessUsage } from '../round.types';

// Linux reports /proc times in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const MS_PER_TICK = 10;
const SAMPLE_EVERY_MS = 100;

interface CpuTicks {
  user: number;
  system: number;
  childrenUser: number;
  childrenSystem: number;
}

/** utime, stime, and cutime/cstime (children already waited for) of a process, in ms. */
const procCpu = (pid: number | 'self'): CpuTicks | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; the fields after it start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (field: number) => Number(fields[field - 3]) * MS_PER_TICK;
    return { user: ms(14), system: ms(15), childrenUser: ms(16), childrenSystem: ms(17) };
  } catch {
    return undefined; // the process has exited
  }
};

/** VmHWM, the peak resident set of a live process, in MiB. */
const peakRssMb = (pid: number): number | undefined => {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
};

export interface MeasuredChild {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  usage: ProcessUsage;
}

/**
 * Runs a child to completion and measures it. CPU comes from this process's cutime/cstime, to which the
 * kernel adds the child's whole CPU time when Node reaps it (exact, unlike a last sample taken up to
 * 100 ms before exit); peak RSS is the child's VmHWM, sampled while it runs (monotonic, so the last
 * sample is the peak up to 100 ms before exit). The rounds run one child at a time, so no other child
 * is reaped in between; the sampled CPU still bounds the figure from below.
 */
export const runMeasuredChild = (
  command: string,
  args: string[],
  { timeoutMs, env = process.env }: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<MeasuredChild> =>
  new Promise((resolve, reject) => {
    const before = procCpu('self');
    const startedAt = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    let peakMb = 0;
    let sampled = { user: 0, system: 0 };
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const sample = (): void => {
      if (child.pid === undefined) return;
      peakMb = Math.max(peakMb, peakRssMb(child.pid) ?? 0);
      sampled = procCpu(child.pid) ?? sampled;
    };
    const sampler = setInterval(sample, SAMPLE_EVERY_MS);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (): void => {
      clearInterval(sampler);
      clearTimeout(killer);
    };
    child.on('error', (error) => {
      done();
      reject(error);
    });
    child.on('close', (exitCode) => {
      done();
      const after = procCpu('self');
      const reaped = (field: 'childrenUser' | 'childrenSystem'): number =>
        before && after ? after[field] - before[field] : 0;
      resolve({
        exitCode,
        stdout,
        stderr,
        elapsedMs: performance.now() - startedAt,
        usage: {
          cpuUserMs: Math.max(reaped('childrenUser'), sampled.user),
          cpuSystemMs: Math.max(reaped('childrenSystem'), sampled.system),
          peakRssMb: peakMb,
        },
      });
    });
    sample();
  });

/** Usages of several processes as one: CPU and peak RSS added up. */
export const addUsages = (...usages: ProcessUsage[]): ProcessUsage => ({
  cpuUserMs: usages.reduce((sum, usage) => sum + usage.cpuUserMs, 0),
  cpuSystemMs: usages.reduce((sum, usage) => sum + usage.cpuSystemMs, 0),
  peakRssMb: usages.reduce((sum, usage) => sum + usage.peakRssMb, 0),
});

/**
 * CPU of processes that run on through a phase (services), from the phase's start: call it at the start,
 * and the function it returns at the end. Peak RSS is each process's VmHWM, its peak since it started.
 */
export const measureRunningProcesses = (pids: number[]): (() => ProcessUsage) => {
  const before = pids.map((pid) => procCpu(pid));
  return () =>
    addUsages(
      ...pids.map((pid, index): ProcessUsage => {
        const [start, end] = [before[index], procCpu(pid)];
        return {
          cpuUserMs: start && end ? end.user - start.user : 0,
          cpuSystemMs: start && end ? end.system - start.system : 0,
          peakRssMb: peakRssMb(pid) ?? 0,
        };
      }),
    );
};
