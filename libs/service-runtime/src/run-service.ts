import { createLogger, type Logger } from '@orderflow/logging';

import type { RunningService } from './start-service';

type SignalListener = (signal: NodeJS.Signals) => void;

/** What runService needs of its process: the real one by default, a fake in the unit test. */
export interface ServiceHost {
  on(signal: NodeJS.Signals, listener: SignalListener): unknown;
  off(signal: NodeJS.Signals, listener: SignalListener): unknown;
  exit(code: number): void;
}

export interface RunServiceOptions {
  /** The service's name on the lines logged here. */
  service: string;
  /** Reads the config and starts the service; a throw (bad config, a dependency down) stops the boot. */
  start: () => Promise<Pick<RunningService, 'close'>>;
  logger?: Logger;
  host?: ServiceHost;
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const satisfies readonly NodeJS.Signals[];

/**
 * A service's `main`: starts it, then closes it gracefully on the first SIGTERM or SIGINT and exits 0 (1 if
 * the close failed). A start-up failure is logged as `service.start-failed` and exits 1 at once: the clients
 * a half-started service opened would otherwise keep the process alive.
 */
export const runService = async ({
  service,
  start,
  logger = createLogger({ service }),
  host = process,
}: RunServiceOptions): Promise<void> => {
  let running: Pick<RunningService, 'close'>;
  try {
    running = await start();
  } catch (error) {
    logger.error('service.start-failed', { error });
    host.exit(1);
    return;
  }
  const stop: SignalListener = (signal) => {
    // Only the first signal stops gracefully; with the listeners gone, a second one terminates at once.
    for (const name of STOP_SIGNALS) host.off(name, stop);
    logger.info('service.stopping', { signal });
    running.close().then(
      // close() logs service.stopped: one line per stop, in-process or not.
      () => host.exit(0),
      (error: unknown) => {
        logger.error('service.stop-failed', { error });
        host.exit(1);
      },
    );
  };
  for (const name of STOP_SIGNALS) host.on(name, stop);
};
