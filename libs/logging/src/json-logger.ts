import { currentLogContext, type LogFields } from './log-context';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines also carry `bindings` (e.g. the component). */
  child(bindings: LogFields): Logger;
}

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  /** Where lines go; stdout by default. Tests capture lines here. */
  write?: (line: string) => void;
}

// An error's own enumerable fields (code, retriable, context of OrderflowError) plus the non-enumerable ones.
const errorFields = (value: unknown): unknown =>
  value instanceof Error ? { ...value, name: value.name, message: value.message, stack: value.stack } : value;

/**
 * One JSON object per line: time, level, service, msg, then the log context (correlation-id, …),
 * the logger's bindings and the call's fields. Errors are expanded so their code and context survive.
 */
export const createLogger = ({
  service,
  level = 'info',
  write = (line) => process.stdout.write(`${line}\n`),
}: LoggerOptions): Logger => {
  const threshold = LOG_LEVELS.indexOf(level);
  const build = (bindings: LogFields): Logger => {
    const log =
      (lineLevel: LogLevel) =>
      (message: string, fields: LogFields = {}): void => {
        if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
        const entries = Object.entries({ ...currentLogContext(), ...bindings, ...fields }).map(
          ([key, value]) => [key, errorFields(value)] as const,
        );
        write(
          JSON.stringify({
            time: new Date().toISOString(),
            level: lineLevel,
            service,
            msg: message,
            ...Object.fromEntries(entries),
          }),
        );
      };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (more) => build({ ...bindings, ...more }),
    };
  };
  return build({});
};

export const parseLogLevel = (value: string | undefined): LogLevel =>
  (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : 'info';
