import { runService } from '@orderflow/service-runtime';

import { ORDER_API_SERVICE, startOrderApi } from './index';

void runService({ service: ORDER_API_SERVICE.name, start: () => startOrderApi() });
