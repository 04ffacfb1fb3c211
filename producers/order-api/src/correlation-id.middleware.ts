import { randomUUID } from 'node:crypto';

import { Injectable, type NestMiddleware } from '@nestjs/common';

import { withLogContext } from '@orderflow/logging';

import { HEADER_LIMITS, isValidCorrelationId, REQUEST_HEADER } from './request-headers';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}

interface HttpResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

/**
 * Gives every request a correlation id (the client's X-Correlation-Id, else a new one), echoes it, and runs
 * the rest of the request inside a log context carrying it. The resolved id is written back into the
 * request header, so the controller reads one trusted value whichever way it was obtained.
 */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware<HttpRequest, HttpResponse> {
  use(request: HttpRequest, response: HttpResponse, next: () => void): void {
    const sent = request.headers[REQUEST_HEADER.correlationId];
    const correlationId = typeof sent === 'string' && sent !== '' ? sent : randomUUID();
    if (!isValidCorrelationId(correlationId)) {
      response.setHeader('X-Correlation-Id', randomUUID());
      response.status(400).json({
        error: 'invalid_correlation_id',
        message: `X-Correlation-Id must be 1-${HEADER_LIMITS.correlationId} visible ASCII characters without spaces.`,
      });
      return;
    }
    request.headers[REQUEST_HEADER.correlationId] = correlationId;
    response.setHeader('X-Correlation-Id', correlationId);
    withLogContext({ correlationId }, next);
  }
}
