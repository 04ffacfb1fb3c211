import 'reflect-metadata';

import { runService } from '@orderflow/consumer-runtime';

import { readOrderApiConfig, startOrderApi } from './index';

void runService({ service: 'order-api', start: () => startOrderApi(readOrderApiConfig(process.env)) });
