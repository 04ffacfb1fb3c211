import { runService } from '@orderflow/service-runtime';

import { NOTIFICATION_SERVICE, startNotification } from './index';

void runService({ service: NOTIFICATION_SERVICE.name, start: () => startNotification() });
