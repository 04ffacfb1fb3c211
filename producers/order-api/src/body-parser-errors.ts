import { INVALID_UTF8 } from './json-body.guards';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  type?: unknown;
}

interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

const BODY_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  'entity.too.large': {
    status: 413,
    error: 'payload_too_large',
    message: 'The body is larger than the limit.',
  },
  'entity.parse.failed': { status: 400, error: 'malformed_json', message: 'The body is not valid JSON.' },
  'encoding.unsupported': {
    status: 415,
    error: 'unsupported_encoding',
    message: 'Send the body uncompressed.',
  },
  'charset.unsupported': { status: 415, error: 'unsupported_charset', message: 'Send the body as UTF-8.' },
  [INVALID_UTF8]: {
    status: 400,
    error: 'invalid_utf8',
    message: 'The body is not valid UTF-8; send the order as UTF-8 encoded JSON.',
  },
  'request.aborted': { status: 400, error: 'request_aborted', message: 'The body ended early.' },
  'request.size.invalid': { status: 400, error: 'request_size_invalid', message: 'Content-Length is wrong.' },
};

/**
 * An Express error middleware placed right behind the JSON parser: its failures become JSON answers here,
 * because Nest maps only malformed JSON (not 413 and the like) and shapes it its own way.
 */
export const answerBodyParserErrors = (
  error: unknown,
  _request: unknown,
  response: JsonResponse,
  next: (error: unknown) => void,
): void => {
  const type = (error as BodyParserError | null)?.type;
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (known === undefined) {
    next(error);
    return;
  }
  response.status(known.status).json({ error: known.error, message: known.message });
};
