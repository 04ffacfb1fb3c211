import { OrderflowError } from '@orderflow/errors';

export interface LeaseHoldOptions {
  /** Renews the lease; false (or a rejection) means it is gone. */
  extend: () => Promise<boolean>;
  /** Keeps the consumer's group session alive while the handler runs; its failures are not the lease's. */
  heartbeat: () => Promise<void>;
  /** How often the lease is renewed (a third of the lease). */
  keepAliveMs: number;
  /** How long the handler may run; no renewal happens after it. */
  deadlineMs: number;
  /** Labels the errors the signal is aborted with. */
  eventId: string;
}

export interface LeaseHold {
  /** Aborted with LEASE_LOST when a renewal fails, or with DEADLINE_EXCEEDED when the deadline passes. */
  signal: AbortSignal;
  /** Whether the lease was lost (not just the deadline passed): the event's effects may be another's now. */
  readonly lost: boolean;
  /** Stops renewing and the deadline timer; call once the handler settled. */
  stop(): void;
}

/**
 * Holds an event's lease while its handler runs: renews it every `keepAliveMs` until the deadline, and
 * tells the handler (through the signal) when to give up. The signal is the handler's only way to learn
 * that effects recorded now would be refused by the stores checking the fencing token.
 */
export const holdLease = ({
  extend,
  heartbeat,
  keepAliveMs,
  deadlineMs,
  eventId,
}: LeaseHoldOptions): LeaseHold => {
  const controller = new AbortController();
  let lost = false;
  const loseLease = (cause?: unknown): void => {
    if (controller.signal.aborted) return;
    lost = true;
    controller.abort(
      new OrderflowError(
        'LEASE_LOST',
        `The lease on event ${eventId} could not be renewed; its effects are left to the lease's next holder.`,
        { retriable: true, context: { eventId }, cause },
      ),
    );
  };
  const keepAlive = setInterval(() => {
    if (controller.signal.aborted) return;
    extend().then((held) => held || loseLease(), loseLease);
    heartbeat().catch(() => undefined);
  }, keepAliveMs);
  const deadline = setTimeout(() => {
    clearInterval(keepAlive);
    controller.abort(
      new OrderflowError(
        'DEADLINE_EXCEEDED',
        `The handler of event ${eventId} ran past its ${deadlineMs} ms deadline (CONSUMER_HANDLER_DEADLINE_MS); it goes to the next retry tier.`,
        { retriable: true, context: { eventId, deadlineMs } },
      ),
    );
  }, deadlineMs);
  return {
    signal: controller.signal,
    get lost() {
      return lost;
    },
    stop() {
      clearInterval(keepAlive);
      clearTimeout(deadline);
    },
  };
};

/** `work`, unless the signal aborts first: then its reason. `work` keeps running, fenced by its token. */
export const unlessAborted = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> => {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      // Whatever the work rejects with is passed on as it is.
      (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
};
