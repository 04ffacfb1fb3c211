import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { OrderRequest } from '@orderflow/e2e';

import type { Ledger, LedgerOutcome } from './ledger';

export interface KeyedClientOptions {
  /** The order API's current address (it moves when the order API is restarted). */
  url: () => string;
  ledger: Ledger;
  /** No answer within this is a timeout: the request is retried with the same key. */
  timeoutMs: number;
  /** A client stops retrying an order this long after its first attempt. */
  giveUpAfterMs: number;
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

// Answers that leave the order unplaced or unknown: the same key and body again is safe and expected.
const RETRIABLE = new Set([409, 500, 502, 503, 504]);
/** Exponential backoff between attempts, 1 s doubling to 16 s, jittered ("equal jitter"). */
const BACKOFF = { firstMs: 1_000, maxMs: 16_000 };

/**
 * How long to wait before attempt `attempt + 1`: what Retry-After asks at least, and a backoff that grows
 * with the attempts and is jittered, as careful clients do (AWS's "Exponential Backoff and Jitter"). Clients
 * that all retried 1 s after a refused connection came back to a restarted order API as one herd (4563
 * attempts in 10 s in case 1's soak) and kept it overloaded.
 */
export const retryDelayMs = (
  attempt: number,
  retryAfterSeconds: number | undefined,
  random = Math.random,
): number => {
  const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** (attempt - 1));
  const backoff = ceiling / 2 + random() * (ceiling / 2);
  return Math.max((retryAfterSeconds ?? 0) * 1_000, backoff);
};

interface Answer {
  status: number;
  orderId?: string;
  retryAfterSeconds?: number;
  failure?: string;
}

const failureOf = (error: unknown): string => {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.name : 'error');
};

const send = async (
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Answer> => {
  try {
    const response = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const parsed = (() => {
      try {
        return JSON.parse(text) as { orderId?: unknown };
      } catch {
        return {};
      }
    })();
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      status: response.status,
      ...(typeof parsed.orderId === 'string' ? { orderId: parsed.orderId } : {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  } catch (error) {
    return { status: 0, failure: failureOf(error) };
  }
};

/**
 * Places one order as a careful real client does: one Idempotency-Key for the order, retried with the same
 * key and body after a 409, a 5xx, a timeout or a refused connection, waiting what Retry-After says and a
 * jittered backoff (retryDelayMs); every attempt carries `X-Correlation-Id: <sha1(key)[:12]>:<attempt>`
 * and goes into the ledger.
 */
export const placeOrder = async (
  { url, ledger, timeoutMs, giveUpAfterMs }: KeyedClientOptions,
  seq: number,
  key: string,
  order: OrderRequest,
): Promise<LedgerOutcome> => {
  const body = JSON.stringify(order);
  const bodyHash = sha1(body).slice(0, 16);
  const keyHash = sha1(key).slice(0, 12);
  const firstAt = Date.now();
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const correlationId = `${keyHash}:${attempt}`;
    const sentAt = Date.now();
    const answer = await send(
      url(),
      body,
      { 'idempotency-key': key, 'x-correlation-id': correlationId },
      timeoutMs,
    );
    ledger.attempt({ seq, key, bodyHash, correlationId, attempt, sentAt, answeredAt: Date.now(), ...answer });
    const finish = (outcome: LedgerOutcome['outcome']): LedgerOutcome => {
      const entry: LedgerOutcome = {
        seq,
        key,
        outcome,
        attempts: attempt,
        finishedAt: Date.now(),
        ...(outcome === 'accepted' && answer.orderId !== undefined ? { orderId: answer.orderId } : {}),
      };
      ledger.outcome(entry);
      return entry;
    };
    if (answer.status >= 200 && answer.status < 300) return finish('accepted');
    if (answer.status !== 0 && !RETRIABLE.has(answer.status)) return finish('refused');
    const waitMs = retryDelayMs(attempt, answer.retryAfterSeconds);
    if (Date.now() + waitMs - firstAt > giveUpAfterMs) return finish('gave-up');
    await sleep(waitMs);
  }
};
