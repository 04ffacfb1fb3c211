import { createWriteStream, type WriteStream } from 'node:fs';

/** One HTTP attempt of the client, as the ledger keeps it. */
export interface LedgerAttempt {
  seq: number;
  key: string;
  bodyHash: string;
  /** `<sha1(key)[:12]>:<attempt>`: links every event of the request back to its key. */
  correlationId: string;
  attempt: number;
  /** Epoch ms. */
  sentAt: number;
  answeredAt: number;
  /** HTTP status, or 0 when no answer came (timeout, refused connection). */
  status: number;
  /** `timeout` (no answer within the client's deadline) or the connection error's code. */
  failure?: string;
  /** From a 202 (or a 504's body, which names the order that may exist). */
  orderId?: string;
  retryAfterSeconds?: number;
}

/** How the client left an order: accepted with an orderId, refused for good, or given up after retries. */
export interface LedgerOutcome {
  seq: number;
  key: string;
  outcome: 'accepted' | 'refused' | 'gave-up';
  orderId?: string;
  attempts: number;
  finishedAt: number;
}

export type LedgerLine = ({ type: 'attempt' } & LedgerAttempt) | ({ type: 'outcome' } & LedgerOutcome);

/** The client's ledger: every request and answer, appended as JSON lines and kept in memory for the check. */
export interface Ledger {
  attempts: LedgerAttempt[];
  outcomes: LedgerOutcome[];
  attempt(entry: LedgerAttempt): void;
  outcome(entry: LedgerOutcome): void;
  close(): Promise<void>;
}

export const openLedger = (path: string): Ledger => {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  const attempts: LedgerAttempt[] = [];
  const outcomes: LedgerOutcome[] = [];
  const write = (line: LedgerLine): void => void stream.write(`${JSON.stringify(line)}\n`);
  return {
    attempts,
    outcomes,
    attempt(entry) {
      attempts.push(entry);
      write({ type: 'attempt', ...entry });
    },
    outcome(entry) {
      outcomes.push(entry);
      write({ type: 'outcome', ...entry });
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
};
