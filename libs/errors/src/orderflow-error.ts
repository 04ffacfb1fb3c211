import type { ErrorCode } from './error-codes';

export interface OrderflowErrorOptions {
  /** Whether trying the same thing again later may succeed (a broker restarting, a lease held elsewhere). */
  retriable?: boolean;
  /** Facts that locate the failure: a key name, a topic, a subject. Logged and shown, never parsed. */
  context?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error class orderflow throws. The message says what happened and what to do next; `code`,
 * `retriable` and `context` are for code and logs.
 */
export class OrderflowError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: OrderflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrderflowError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

export const isOrderflowError = (error: unknown, code?: ErrorCode): error is OrderflowError =>
  error instanceof OrderflowError && (code === undefined || error.code === code);
