import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { answerBodyParserErrors } from './body-parser-errors';
import type { OrderApiConfig } from './order-api.config';
import { setUpOpenApi } from './openapi.setup';

/**
 * HTTP settings that belong to the app rather than a module; startService runs this before listening.
 * The JSON parser carries the body limit (Nest then skips its default 100 KiB one), and its failures
 * (413 over the limit, 400 for malformed JSON) are answered as JSON right behind it.
 */
export const configureOrderApiHttp = (
  app: INestApplication,
  config: Pick<OrderApiConfig, 'bodyLimitBytes'>,
): void => {
  // startService creates the app on Nest's default platform, Express.
  (app as NestExpressApplication).useBodyParser('json', { limit: config.bodyLimitBytes });
  app.use(answerBodyParserErrors);
  setUpOpenApi(app);
};
