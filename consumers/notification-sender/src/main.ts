import 'reflect-metadata';

import { runService } from '@orderflow/service-runtime';

import { NOTIFICATION_SENDER_SERVICE, startNotificationSender } from './index';

void runService({ service: NOTIFICATION_SENDER_SERVICE.name, start: () => startNotificationSender() });
