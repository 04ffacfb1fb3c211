import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { limitOrdersInFlight } from './admission-limit';
import { answerBodyParserErrors } from './body-parser-errors';
import { requireJsonMediaType, verifyUtf8 } from './json-body.guards';
import type { OrderApiConfig } from './order-api.config';
import { setUpOpenApi } from './openapi.setup';

/**
 * HTTP settings that belong to the app rather than a module; startService runs this before listening.
 * The JSON parser carries the body limit (Nest then skips its default 100 KiB one), and its failures
 * (413 over the limit, 400 for malformed JSON or UTF-8) are answered as JSON right behind it; a POST that
 * is not JSON at all is a 415. Orders beyond the in-flight limit are a 503 before any of that.
 */
export const configureOrderApiHttp = (
  app: INestApplication,
  config: Pick<OrderApiConfig, 'bodyLimitBytes' | 'maxOrdersInFlight'>,
): void => {
  // First, so an order over the limit costs neither its body's parsing nor a Redis call.
  app.use('/orders', limitOrdersInFlight(config.maxOrdersInFlight));
  // startService creates the app on Nest's default platform, Express.
  (app as NestExpressApplication).useBodyParser('json', { limit: config.bodyLimitBytes, verify: verifyUtf8 });
  app.use(answerBodyParserErrors);
  app.use('/orders', requireJsonMediaType);
  setUpOpenApi(app);
};
