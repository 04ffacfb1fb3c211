import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';

interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

/** application/json and the structured `+json` types, parameters (charset) allowed. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * Express middleware for POST bodies: anything but JSON is a 415 naming what to send. Without it the JSON
 * parser skips other types, and the order would fail validation as an empty object, a misleading 400.
 */
export const requireJsonMediaType = (
  request: { method: string; headers: IncomingHttpHeaders },
  response: JsonResponse,
  next: () => void,
): void => {
  const type = request.headers['content-type'];
  if (request.method !== 'POST' || (type !== undefined && JSON_MEDIA_TYPE.test(type))) {
    next();
    return;
  }
  response.status(415).json({
    error: 'unsupported_media_type',
    message: `Send the order as application/json (the request said ${type === undefined ? 'no Content-Type' : `"${type}"`}).`,
  });
};

/** The error type answerBodyParserErrors maps to a 400 `invalid_utf8`. */
export const INVALID_UTF8 = 'body.invalid.utf8';

/**
 * The JSON parser's `verify` hook: it decodes invalid UTF-8 into U+FFFD without complaint, so a body with
 * broken bytes would become a different, valid order. Refused before parsing instead.
 */
export const verifyUtf8 = (_request: unknown, _response: unknown, body: Buffer): void => {
  if (!isUtf8(body)) {
    throw Object.assign(new Error('The body is not valid UTF-8.'), { type: INVALID_UTF8, status: 400 });
  }
};
