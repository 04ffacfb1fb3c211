import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line inside a unit of work carries: correlation and causation ids, the event, … */
export type LogFields = Record<string, unknown>;

const storage = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with `fields` added to every log line written inside it, however deep: a handler's domain
 * service logs with the event's correlation id without being handed it.
 */
export const withLogContext = <T>(fields: LogFields, work: () => T): T =>
  storage.run({ ...storage.getStore(), ...fields }, work);

export const currentLogContext = (): LogFields => storage.getStore() ?? {};
