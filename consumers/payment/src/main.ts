import 'reflect-metadata';

import { runService } from '@orderflow/consumer-runtime';

import { readPaymentConfig, startPayment } from './index';

void runService({ service: 'payment', start: () => startPayment(readPaymentConfig(process.env)) });
