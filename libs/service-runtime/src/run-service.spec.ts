import { createLogger } from '@orderflow/logging';

import { runService, type ServiceHost } from './run-service';

type Listener = (signal: NodeJS.Signals) => void;

const fakeHost = () => {
  const listeners = new Map<NodeJS.Signals, Set<Listener>>();
  const exits: number[] = [];
  const host: ServiceHost = {
    on: (signal, listener) => listeners.set(signal, (listeners.get(signal) ?? new Set()).add(listener)),
    off: (signal, listener) => listeners.get(signal)?.delete(listener),
    exit: (code) => void exits.push(code),
  };
  const signal = (name: NodeJS.Signals): void => {
    for (const listener of [...(listeners.get(name) ?? [])]) listener(name);
  };
  const listening = (name: NodeJS.Signals): number => listeners.get(name)?.size ?? 0;
  return { host, exits, signal, listening };
};

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'probe',
    write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, messages: () => lines.map((line) => line.msg) };
};

// Lets the close() promise chain settle.
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('runService', () => {
  it('closes once on the first SIGTERM or SIGINT, then exits 0', async () => {
    const { host, exits, signal, listening } = fakeHost();
    const { logger, messages } = capture();
    const close = jest.fn(() => Promise.resolve());
    await runService({ service: 'probe', start: () => Promise.resolve({ close }), logger, host });
    expect(listening('SIGTERM')).toBe(1);
    expect(listening('SIGINT')).toBe(1);

    signal('SIGTERM');
    signal('SIGINT');
    await settled();

    expect(close).toHaveBeenCalledTimes(1);
    expect(exits).toEqual([0]);
    // service.stopped is the running service's own line (startService's close()), logged once.
    expect(messages()).toEqual(['service.stopping']);
    // A second signal gets the default action (terminate at once) instead of a second close.
    expect(listening('SIGTERM') + listening('SIGINT')).toBe(0);
  });

  it('exits 1 when the graceful close fails', async () => {
    const { host, exits, signal } = fakeHost();
    const { logger, messages } = capture();
    const close = () => Promise.reject(new Error('redis went away'));
    await runService({ service: 'probe', start: () => Promise.resolve({ close }), logger, host });

    signal('SIGINT');
    await settled();

    expect(exits).toEqual([1]);
    expect(messages()).toEqual(['service.stopping', 'service.stop-failed']);
  });

  it('logs the start-up failure as one JSON line and exits 1 without waiting for signals', async () => {
    const { host, exits, listening } = fakeHost();
    const lines: string[] = [];
    const logger = createLogger({ service: 'probe', write: (line) => void lines.push(line) });
    await runService({
      service: 'probe',
      start: () => Promise.reject(new Error('KAFKA_BROKERS is not set')),
      logger,
      host,
    });

    expect(exits).toEqual([1]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'error',
      service: 'probe',
      msg: 'service.start-failed',
      error: { message: 'KAFKA_BROKERS is not set' },
    });
    expect(listening('SIGTERM') + listening('SIGINT')).toBe(0);
  });
});
