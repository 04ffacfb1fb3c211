/** What the service asks a gateway to charge. */
export interface ChargeRequest {
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
  /**
   * Same value for every attempt at the same order (the orderId): a real gateway deduplicates on it, so
   * a charge retried after a crash between charging and recording the outcome is not taken twice.
   */
  idempotencyKey: string;
}

/** A decline is an answer, not an error: it becomes payment.failed. */
export type ChargeResult =
  { status: 'completed'; paymentId: string } | { status: 'failed'; paymentId: string | null; reason: string };

/**
 * The payment provider. The simulated one is the default; a real one is passed to
 * `PaymentModule.forRoot(config, { gateway })`. An implementation throws a retriable OrderflowError
 * (DEPENDENCY_UNAVAILABLE, DEADLINE_EXCEEDED) when it cannot get an answer, so the event is retried.
 */
export interface PaymentGateway {
  /** `signal` aborts once the event's lease is lost or its deadline passed: give up waiting then. */
  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult>;
}
