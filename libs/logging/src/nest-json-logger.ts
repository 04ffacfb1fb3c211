import type { LoggerService } from '@nestjs/common';

import type { Logger } from './json-logger';

const text = (message: unknown): string =>
  typeof message === 'string'
    ? message
    : message instanceof Error
      ? message.message
      : JSON.stringify(message);

/** Nest's own messages (module init, routes, errors) as JSON lines through the service logger. */
export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info(text(message), { context });
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn(text(message), { context });
  }

  error(message: unknown, stack?: string, context?: string): void {
    this.logger.error(text(message), { context, stack });
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug(text(message), { context });
  }

  verbose(message: unknown, context?: string): void {
    this.logger.debug(text(message), { context });
  }
}
