/** Log4j 2 configuration for the stack's Kafka JVMs (brokers, Connect): one file, INFO and up. */
export const log4jProperties = (logFile: string): string =>
  [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${logFile}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    // The state-change and request loggers repeat every partition move; warnings still show.
    'logger.stateChange.name = state.change.logger',
    'logger.stateChange.level = warn',
    '',
  ].join('\n');
