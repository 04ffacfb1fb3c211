import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { percentile } from '../stats';

export interface FixedRateOptions {
  url: string;
  body: string;
  /** Requests per second, each sent at its own due time (open loop: answers never hold the next one back). */
  rate: number;
  seconds: number;
  /** A request not answered within this counts as a timeout. */
  timeoutMs?: number;
}

/** What a fixed-rate run saw; latencies in ms, from each request's due time to its complete answer. */
export interface FixedRateReport {
  durationSeconds: number;
  sent: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; max: number };
  /** How far behind its due times the generator itself fell at worst: above a few ms it was overloaded. */
  maxSendLagMs: number;
}

type Outcome = { status: number; latencyMs: number } | { failure: 'error' | 'timeout' };

/**
 * An open-loop load: request i goes out at start + i / rate, whether or not earlier ones were answered,
 * and its latency counts from that due time, so a server (or generator) that falls behind shows as
 * latency instead of as a quietly lower rate (coordinated omission). autocannon's rate limit instead
 * releases each connection's per-second quota at once, which measures a burst every second.
 */
export const runFixedRateLoad = async (options: FixedRateOptions): Promise<FixedRateReport> => {
  const { url, body, rate, seconds, timeoutMs = 10_000 } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const intervalMs = 1_000 / rate;
  const outcomes: Promise<Outcome>[] = [];
  let maxSendLagMs = 0;
  const startedAt = performance.now();
  for (let index = 0; index < total; index++) {
    const dueAt = startedAt + index * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 0) await sleep(wait);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - dueAt);
    outcomes.push(post(agent, url, body, timeoutMs, dueAt));
  }
  const settled = await Promise.all(outcomes);
  const durationSeconds = (performance.now() - startedAt) / 1_000;
  agent.destroy();

  const answered = settled.filter(
    (outcome): outcome is { status: number; latencyMs: number } => 'status' in outcome,
  );
  const statusCounts: Record<string, number> = {};
  for (const { status } of answered) statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  const latencies = answered.map((outcome) => outcome.latencyMs);
  return {
    durationSeconds,
    sent: total,
    statusCounts,
    errors: settled.filter((outcome) => 'failure' in outcome && outcome.failure === 'error').length,
    timeouts: settled.filter((outcome) => 'failure' in outcome && outcome.failure === 'timeout').length,
    latency: {
      p50: percentile(latencies, 50) ?? 0,
      p99: percentile(latencies, 99) ?? 0,
      max: latencies.length === 0 ? 0 : Math.max(...latencies),
    },
    maxSendLagMs,
  };
};

const post = (agent: Agent, url: string, body: string, timeoutMs: number, dueAt: number): Promise<Outcome> =>
  new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, latencyMs: performance.now() - dueAt }),
        );
        response.on('error', () => resolve({ failure: 'error' }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ failure: 'timeout' });
    });
    req.on('error', () => resolve({ failure: 'error' }));
    req.end(body);
  });
