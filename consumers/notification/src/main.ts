import 'reflect-metadata';

import { createLogger } from '@orderflow/logging';

import { readNotificationConfig } from './notification.config';
import { startNotification } from './start-notification';

const logger = createLogger({ service: 'notification' });

const main = async (): Promise<void> => {
  const config = readNotificationConfig(process.env);
  const service = await startNotification(config);
  const stop = (signal: NodeJS.Signals): void => {
    logger.info('stopping', { signal });
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('graceful stop failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  logger.error('notification failed to start', { error });
  process.exit(1);
});
