import { runService } from '@orderflow/service-runtime';

import { PAYMENT_SERVICE, startPayment } from './index';

void runService({ service: PAYMENT_SERVICE.name, start: () => startPayment() });
