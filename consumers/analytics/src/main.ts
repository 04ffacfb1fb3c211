import 'reflect-metadata';

import { runService } from '@orderflow/consumer-runtime';

import { readAnalyticsConfig, startAnalytics } from './index';

void runService({ service: 'analytics', start: () => startAnalytics(readAnalyticsConfig(process.env)) });
