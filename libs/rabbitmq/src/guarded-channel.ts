import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';

// Long enough for a connection that is going down (a broker shutting down fails channels first) to be gone.
const STRANDED_AFTER_MS = 1_000;

/** A confirm channel that never stays lost while its connection is up, and knows which channel it is on. */
export interface GuardedChannel {
  wrapper: ChannelWrapper;
  /** Counts the raw channels opened so far: a delivery may be acked only on the one it came on. */
  generation(): number;
  /** Closes the channel for good: from here on its closing is expected, not repaired. */
  close(): Promise<void>;
}

/**
 * amqp-connection-manager opens a wrapper's channel again only when the connection comes back. A channel
 * the broker closes under a live connection does bring the connection down (amqplib raises the channel's
 * unhandled 'error' on the connection), but a channel that fails to open or to set up only emits 'error'
 * on the wrapper and leaves it without a channel for good (amqp-connection-manager#347): its publishes
 * and consumers would wait for ever. On that error, once the connection is still the same a second later,
 * this reconnects it, which reopens every channel on it with its setup and consumers.
 *
 * Deliveries carry their raw channel's delivery tags: acking one on the channel that replaced it acks an
 * unrelated delivery or closes the new channel (unknown tag), so callers compare generations first. The
 * broker requeued every unacked delivery of the old channel when it closed.
 */
export const openGuardedChannel = (connection: AmqpConnectionManager, name: string): GuardedChannel => {
  let generation = 0;
  let closing = false;
  const reconnectIfStranded = (carrier: unknown): void => {
    setTimeout(() => {
      if (closing || carrier === undefined || connection.connection !== carrier) return;
      try {
        connection.reconnect();
      } catch {
        // Closed meanwhile: nothing to repair.
      }
    }, STRANDED_AFTER_MS).unref();
  };
  const wrapper = connection.createChannel({
    name,
    confirm: true,
    setup: () => {
      generation++;
    },
  });
  // Unhandled, the wrapper's 'error' event would end the process; publishes and readiness report the
  // outage instead, while the connection is made again.
  wrapper.on('error', () => reconnectIfStranded(connection.connection));
  return {
    wrapper,
    generation: () => generation,
    close: async () => {
      closing = true;
      await wrapper.close();
    },
  };
};
