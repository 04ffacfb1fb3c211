import type { Redis } from 'ioredis';

import { OrderflowError } from '@orderflow/errors';
import type { Logger } from '@orderflow/logging';

import { FINAL_STATUSES, STATUS_RANK, type OrderStatus } from './order-status';
import {
  parseStatusChange,
  type OrderStatusRepository,
  type OrderStatusView,
} from './order-status.repository';

interface Listener {
  orderId?: string;
  push(view: OrderStatusView): void;
  /** Redis reconnected: changes published meanwhile are lost to pub/sub, so re-read the view. */
  resync(): void;
  end(error: OrderflowError): void;
}

/**
 * Status changes of every order, fanned out to every order-api replica over Redis pub/sub: the status
 * update script publishes each move in the same atomic step as the write (order-status.scripts.ts), so
 * any replica can serve any watch, whichever replica's consumer or command made the change. One
 * subscriber connection per replica, whatever the number of watchers; messages are dispatched in process.
 */
export class OrderStatusFeed {
  private readonly byOrder = new Map<string, Set<Listener>>();
  private readonly everyOrder = new Set<Listener>();
  private connectedOnce = false;

  constructor(
    private readonly subscriber: Redis,
    private readonly views: OrderStatusRepository,
    private readonly logger: Logger,
  ) {
    subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    // ioredis subscribes again after a reconnect; what was published in between is gone, so every
    // watcher re-reads its order's view. WatchOrders has no view to re-read: its gap is a known limit.
    subscriber.on('ready', () => {
      if (this.connectedOnce) for (const listener of this.listeners()) listener.resync();
      this.connectedOnce = true;
    });
  }

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.views.statusChannel);
  }

  /** Ends every watch (the server is stopping: clients reconnect to another replica) and disconnects. */
  close(): void {
    const stopping = new OrderflowError(
      'DEPENDENCY_UNAVAILABLE',
      'The order service is stopping; watch again.',
      {
        retriable: true,
      },
    );
    for (const listener of this.listeners()) listener.end(stopping);
    this.byOrder.clear();
    this.everyOrder.clear();
    this.subscriber.disconnect();
  }

  /** How many watches are open: a cancelled call must bring this back down (tests, metrics). */
  get watchers(): number {
    let count = this.everyOrder.size;
    for (const listeners of this.byOrder.values()) count += listeners.size;
    return count;
  }

  /**
   * The order's current view, then each status move, until a final status; ends when `signal` aborts.
   * A subscription is taken before the view is read, so no move between the two is missed; a move the
   * read already showed is not sent twice (only higher ranks pass). At most `bufferLimit` views wait for a
   * slow reader (a few suffice: an order moves at most five times); past that the watch fails
   * CLIENT_TOO_SLOW instead of buffering.
   */
  async *watchOrder(orderId: string, signal: AbortSignal, bufferLimit = 16): AsyncGenerator<OrderStatusView> {
    const queue = new BoundedQueue<OrderStatusView>(bufferLimit, signal);
    let lastRank = -1;
    const offer = (view: OrderStatusView): void => {
      if (STATUS_RANK[view.status] > lastRank) {
        lastRank = STATUS_RANK[view.status];
        queue.push(view);
      }
    };
    const readView = async (): Promise<void> => {
      const view = await this.views.find(orderId);
      if (view === null) {
        queue.fail(
          new OrderflowError('NOT_FOUND', `No order ${orderId} is known.`, { context: { orderId } }),
        );
      } else offer(view);
    };
    const listener: Listener = {
      orderId,
      push: offer,
      resync: () => void readView().catch((error: unknown) => queue.fail(asUnavailable(error))),
      end: (error) => queue.fail(error),
    };
    this.add(listener);
    try {
      await readView();
      for await (const view of queue) {
        yield view;
        if (FINAL_STATUSES.has(view.status)) return;
      }
    } finally {
      this.remove(listener);
    }
  }

  /**
   * The order's view once its status ranks at least `rank` (as soon as the move is published), or
   * undefined if `signal` aborts first. Throws NOT_FOUND for an order the view does not know.
   */
  async reached(orderId: string, rank: number, signal: AbortSignal): Promise<OrderStatusView | undefined> {
    for await (const view of this.watchOrder(orderId, signal)) {
      if (STATUS_RANK[view.status] >= rank) return view;
    }
    return undefined;
  }

  /** Every order's status moves from now on (to `statuses` only, if given), until `signal` aborts. */
  async *watchOrders(
    statuses: ReadonlySet<OrderStatus>,
    signal: AbortSignal,
    bufferLimit = 1_000,
  ): AsyncGenerator<OrderStatusView> {
    const queue = new BoundedQueue<OrderStatusView>(bufferLimit, signal);
    const listener: Listener = {
      push: (view) => {
        if (statuses.size === 0 || statuses.has(view.status)) queue.push(view);
      },
      resync: () => undefined,
      end: (error) => queue.fail(error),
    };
    this.add(listener);
    try {
      yield* queue;
    } finally {
      this.remove(listener);
    }
  }

  private dispatch(message: string): void {
    let view: OrderStatusView;
    try {
      view = parseStatusChange(message);
    } catch (error) {
      this.logger.warn('order-status.change-unreadable', { error, hint: 'written by another version?' });
      return;
    }
    for (const listener of this.byOrder.get(view.orderId) ?? []) listener.push(view);
    for (const listener of this.everyOrder) listener.push(view);
  }

  private add(listener: Listener): void {
    if (listener.orderId === undefined) {
      this.everyOrder.add(listener);
      return;
    }
    const listeners = this.byOrder.get(listener.orderId) ?? new Set();
    listeners.add(listener);
    this.byOrder.set(listener.orderId, listeners);
  }

  private remove(listener: Listener): void {
    if (listener.orderId === undefined) {
      this.everyOrder.delete(listener);
      return;
    }
    const listeners = this.byOrder.get(listener.orderId);
    listeners?.delete(listener);
    if (listeners?.size === 0) this.byOrder.delete(listener.orderId);
  }

  private *listeners(): Iterable<Listener> {
    yield* this.everyOrder;
    for (const listeners of this.byOrder.values()) yield* listeners;
  }
}

const asUnavailable = (error: unknown): OrderflowError =>
  error instanceof OrderflowError
    ? error
    : new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Redis did not answer.', {
        retriable: true,
        cause: error,
      });

/**
 * A queue between a push source and one pulling reader, holding at most `limit` items: past that it fails
 * (CLIENT_TOO_SLOW) rather than grow. Iteration ends when `signal` aborts (the call was cancelled or its
 * deadline passed), and throws the error it was failed with.
 */
class BoundedQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private failure: OrderflowError | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly limit: number,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.wake?.(), { once: true });
  }

  push(item: T): void {
    if (this.failure !== undefined) return;
    if (this.items.length >= this.limit) {
      this.fail(
        new OrderflowError(
          'CLIENT_TOO_SLOW',
          `The client read too slowly: ${this.limit} updates were waiting.`,
          {
            retriable: true,
            context: { limit: this.limit },
          },
        ),
      );
      return;
    }
    this.items.push(item);
    this.wake?.();
  }

  fail(error: OrderflowError): void {
    this.failure ??= error;
    this.items.length = 0;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (this.signal.aborted) return;
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}
