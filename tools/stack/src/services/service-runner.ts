import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { pollUntil } from '@orderflow/wait';

import { residentMemoryMb, runningPid, startDetached, stopProcess, whileRunning } from '../managed-process';
import type { StackReporter } from '../stack-reporter';
import type { StackSettings } from '../stack-settings';
import { SERVICES, type ServiceDefinition } from './service-catalog';

export interface ServiceStatus {
  name: string;
  url: string;
  pid: number | undefined;
  rssMb: number | undefined;
  /** The service's /health/ready verdict, or why it could not be had. */
  ready: boolean;
  detail: string;
}

const readiness = async (url: string): Promise<{ ready: boolean; detail: string }> => {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3_000) });
    const body = (await response.json()) as { status?: string; error?: Record<string, unknown> };
    return { ready: response.ok, detail: response.ok ? 'ready' : JSON.stringify(body.error ?? body) };
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message : String(error) };
  }
};

/**
 * The services as background processes next to the embedded stack: pid files in .stack/run, JSON logs
 * in .stack/logs/<service>.log; they read their connection settings from .stack/env like the CLI.
 */
export const createServiceRunner = (settings: StackSettings) => {
  const { root } = projectPaths();
  const spec = (service: ServiceDefinition) => ({
    pidFile: join(settings.runDir, `${service.name}.pid`),
    logFile: join(settings.logsDir, `${service.name}.log`),
    signature: join(root, service.script),
  });
  const url = (service: ServiceDefinition) => `http://${settings.host}:${service.port}`;

  return {
    /** Starts every service that is not running and waits until each reports ready. */
    async up(report: StackReporter): Promise<void> {
      for (const service of SERVICES) {
        if (runningPid(spec(service)) !== undefined) continue;
        const pid = startDetached({
          ...spec(service),
          command: process.execPath,
          args: [join(root, service.script)],
          cwd: root,
          env: { ...process.env, [service.portVariable]: String(service.port) },
        });
        report(`${service.name} starting (pid ${pid}, ${url(service)})`);
      }
      await Promise.all(
        SERVICES.map(async (service) => {
          await pollUntil(
            whileRunning(spec(service), async () =>
              (await readiness(url(service))).ready ? true : undefined,
            ),
            {
              description: `${service.name} to report ready at ${url(service)}/health/ready`,
              timeoutMs: settings.readyTimeoutMs,
            },
          );
          report(`${service.name} ready`);
        }),
      );
    },
    async down(report: StackReporter): Promise<void> {
      for (const service of SERVICES)
        if (await stopProcess(spec(service), 20_000)) report(`${service.name} stopped`);
    },
    status: (): Promise<ServiceStatus[]> =>
      Promise.all(
        SERVICES.map(async (service) => {
          const pid = runningPid(spec(service));
          const health =
            pid === undefined ? { ready: false, detail: 'not running' } : await readiness(url(service));
          return {
            name: service.name,
            url: url(service),
            pid,
            rssMb: pid === undefined ? undefined : residentMemoryMb(pid),
            ...health,
          };
        }),
      ),
  };
};

export type ServiceRunner = ReturnType<typeof createServiceRunner>;
