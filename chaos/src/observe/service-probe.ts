import { readFileSync } from 'node:fs';

/** What one scrape of a service's /metrics says about the records it dealt with. */
export interface HandledCounts {
  handled: number;
  /** outcome="duplicate": records already done, seen again (a redelivery after a crash or a rebalance). */
  duplicates: number;
}

const HANDLED = /^orderflow_messages_handled_total\{([^}]*)\}\s+([0-9.e+]+)/;

export const parseHandled = (metricsText: string): HandledCounts => {
  const counts: HandledCounts = { handled: 0, duplicates: 0 };
  for (const line of metricsText.split('\n')) {
    const match = HANDLED.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    counts.handled += value;
    if (match[1]!.includes('outcome="duplicate"')) counts.duplicates += value;
  }
  return counts;
};

/** The service's counters, or undefined when it does not answer within `timeoutMs` (down, restarting). */
export const scrapeHandled = async (url: string, timeoutMs: number): Promise<HandledCounts | undefined> => {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? parseHandled(await response.text()) : undefined;
  } catch {
    return undefined;
  }
};

/** Resident memory of a process in bytes (Linux /proc), undefined once it is gone. */
export const residentBytes = (pid: number): number | undefined => {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1_024 : undefined;
  } catch {
    return undefined;
  }
};
