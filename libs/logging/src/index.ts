export { createLogger, parseLogLevel, type Logger, type LoggerOptions, type LogLevel } from './json-logger';
export { withLogContext, type LogFields } from './log-context';
export { NestJsonLogger } from './nest-json-logger';
