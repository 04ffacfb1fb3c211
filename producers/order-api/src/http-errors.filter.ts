import {
  Catch,
  HttpException,
  HttpStatus,
  Inject,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { LOGGER } from '@orderflow/service-runtime';
import type { Logger } from '@orderflow/logging';

const isErrorBody = (body: unknown): body is { error: string } =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { error?: unknown }).error === 'string' &&
  !('statusCode' in body);

/**
 * The order controller's errors as JSON `{ error, message?, issues? }`: its own bodies pass through, Nest's
 * (`{ statusCode, message }`) get an `error` code, anything else is a logged 500 that leaks no details.
 * Bound to the controller, not globally: the runtime's global RPC filter comes first for global filters.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const reply = isErrorBody(body) ? body : { error: 'http_error', message: exception.message };
      httpAdapter.reply(response, reply, exception.getStatus());
      return;
    }
    this.logger.error('request.failed', { error: exception });
    httpAdapter.reply(
      response,
      { error: 'internal_error', message: 'The request failed unexpectedly; the log has the details.' },
      HttpStatus.INTERNAL_SERVER_ERROR,
    );
  }
}
