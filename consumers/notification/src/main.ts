import 'reflect-metadata';

import { runService } from '@orderflow/consumer-runtime';

import { readNotificationConfig, startNotification } from './index';

void runService({
  service: 'notification',
  start: () => startNotification(readNotificationConfig(process.env)),
});
