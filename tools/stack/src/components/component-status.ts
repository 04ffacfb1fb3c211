import type { HealthProbe } from '../health-probes';
import { residentMemoryMb } from '../managed-process';
import type { ComponentName, ComponentStatus } from './stack-component';

/**
 * Status of a server the stack started (pid known or not) or was given (`external`): the probe decides
 * health, so a process that runs but does not answer shows as unhealthy with the probe's reason.
 */
export const componentStatus = async (
  name: ComponentName,
  address: string,
  probe: HealthProbe,
  pid: number | undefined | 'external',
): Promise<ComponentStatus> => {
  if (pid === undefined) return { name, address, state: 'stopped', healthy: false, detail: 'not running' };
  const base =
    pid === 'external'
      ? { name, address, state: 'external' as const }
      : { name, address, state: 'running' as const, pid, rssMb: residentMemoryMb(pid) };
  try {
    return { ...base, healthy: true, detail: await probe() };
  } catch (error) {
    return { ...base, healthy: false, detail: error instanceof Error ? error.message : String(error) };
  }
};
