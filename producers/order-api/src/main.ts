import 'reflect-metadata';

import { createLogger } from '@orderflow/logging';

import { readOrderApiConfig, startOrderApi } from './index';

const logger = createLogger({ service: 'order-api' });

const main = async (): Promise<void> => {
  const service = await startOrderApi(readOrderApiConfig());
  logger.info('service.listening', { url: service.url });
  const stop = (signal: NodeJS.Signals): void => {
    logger.info('service.stopping', { signal });
    service.close().then(
      () => logger.info('service.stopped'),
      (error: unknown) => {
        logger.error('service.stop-failed', { error });
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  logger.error('service.start-failed', { error });
  process.exitCode = 1;
});
