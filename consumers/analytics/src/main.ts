import { runService } from '@orderflow/service-runtime';

import { ANALYTICS_SERVICE, startAnalytics } from './index';

void runService({ service: ANALYTICS_SERVICE.name, start: () => startAnalytics() });
