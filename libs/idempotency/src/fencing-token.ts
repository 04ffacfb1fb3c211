/**
 * Proof of which consumer leased an event, for stores that record the event's effects. A store checks it
 * in the same Redis script that writes the effect, so a holder whose lease was taken over (a paused
 * process, a handler past its deadline, then the event's next delivery) cannot record anything afterwards.
 */
export interface FencingToken {
  /** The lease's Redis key. */
  key: string;
  /** What the key holds while this holder's lease lives. */
  value: string;
  /**
   * Grows with every lease taken on the event: a later holder always has a higher one. For effect stores
   * outside Redis (a gateway accepting a fencing number); Redis scripts compare `value` instead.
   */
  sequence: number;
}
