export {
  createLogger,
  LOG_LEVELS,
  parseLogLevel,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './json-logger';
export { currentLogContext, withLogContext, type LogFields } from './log-context';
export { NestJsonLogger } from './nest-json-logger';
