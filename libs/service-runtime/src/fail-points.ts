import { OrderflowError } from '@orderflow/errors';
import type { Logger } from '@orderflow/logging';

/**
 * Test-only fault injection at exact steps (ORDERFLOW_FAILPOINTS, unset in production): the chaos suite
 * crashes a service where a crash is most expensive, not wherever a SIGKILL from outside happens to land.
 *
 * - `handler`: before the runtime calls the handler (every group);
 * - `after-publish`: the follow-ups are acknowledged, the event is not yet marked done (every group);
 * - `after-send`: notification's sender accepted the message, its record is not yet written.
 */
export const FAIL_POINT_STEPS = ['handler', 'after-publish', 'after-send'] as const;
export type FailPointStep = (typeof FAIL_POINT_STEPS)[number];

export type FailPointAction =
  /** SIGKILL of the process itself with this probability at each pass: no finally, no flush, no commit. */
  | { kind: 'kill'; probability: number }
  /** A retriable FAULT_INJECTED error on the first `times` attempts of each event (the retry tiers' count). */
  | { kind: 'throw'; times: number };

export interface FailPointSpec {
  /** The service it applies to (`inventory`, `notification`, …): one variable serves a whole pipeline. */
  service: string;
  step: FailPointStep;
  action: FailPointAction;
  /** Only for this record key (an orderId); every key when absent. */
  key?: string;
  /**
   * Only for this share of keys (0..1), chosen by a hash of the key: every instance and every attempt
   * agrees on a key's fate, so a key's records fail together while other keys flow.
   */
  share?: number;
}

/** A key's place in [0, 1): FNV-1a, so the same key falls in or out of a share in every process. */
export const keyFraction = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
};

const applies = (spec: FailPointSpec, key: string): boolean =>
  (spec.key === undefined || spec.key === key) && (spec.share === undefined || keyFraction(key) < spec.share);

export interface FailPoints {
  /**
   * Called at `step` for the record keyed `key`: returns, throws FAULT_INJECTED, or kills the process.
   * `attempt` is the event's delivery attempt (1, then 2… from the retry tiers); where a step does not
   * know it, this process's count of passes for the key stands in.
   */
  reach(step: FailPointStep, key: string, attempt?: number): void;
}

/** What production runs: every step passes. */
export const NO_FAIL_POINTS: FailPoints = { reach: () => undefined };

const invalid = (entry: string, problem: string): OrderflowError =>
  new OrderflowError(
    'CONFIG_INVALID',
    `ORDERFLOW_FAILPOINTS entry ${JSON.stringify(entry)} is invalid (${problem}); the form is ` +
      '<service>:<step>:kill@<probability 0..1> or <service>:<step>:throw@<attempts>, optionally :<key> ' +
      'or :share=<0..1>.',
    { context: { key: 'ORDERFLOW_FAILPOINTS', entry } },
  );

const parseAction = (entry: string, text: string): FailPointAction => {
  const [kind, argument = ''] = text.split('@');
  const value = Number(argument);
  if (argument === '' || !Number.isFinite(value)) throw invalid(entry, `no number after ${kind}@`);
  if (kind === 'kill') {
    if (value <= 0 || value > 1) throw invalid(entry, 'a kill probability is above 0 and at most 1');
    return { kind, probability: value };
  }
  if (kind === 'throw') {
    if (!Number.isInteger(value) || value < 1) throw invalid(entry, 'throw takes a whole number of attempts');
    return { kind, times: value };
  }
  throw invalid(entry, `unknown action ${JSON.stringify(kind)}, expected kill or throw`);
};

const parseShare = (entry: string, text: string): number => {
  const share = Number(text);
  if (text === '' || !Number.isFinite(share) || share <= 0 || share > 1)
    throw invalid(entry, 'a share is above 0 and at most 1');
  return share;
};

/**
 * Parses `inventory:after-publish:kill@0.01,payment:handler:throw@2:<orderId>,order-api:handler:throw@1:share=0.1`;
 * empty or unset: none.
 */
export const parseFailPoints = (text: string | undefined): FailPointSpec[] =>
  (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [service = '', step = '', action = '', key, ...rest] = entry.split(':');
      if (service === '' || action === '' || rest.length > 0)
        throw invalid(entry, 'expected 3 or 4 parts separated by ":"');
      if (!(FAIL_POINT_STEPS as readonly string[]).includes(step)) {
        throw invalid(entry, `unknown step ${JSON.stringify(step)}, expected ${FAIL_POINT_STEPS.join(', ')}`);
      }
      const spec: FailPointSpec = {
        service,
        step: step as FailPointStep,
        action: parseAction(entry, action),
      };
      if (key === undefined || key === '') return spec;
      return key.startsWith('share=')
        ? { ...spec, share: parseShare(entry, key.slice(6)) }
        : { ...spec, key };
    });

export interface FailPointsOptions {
  logger: Logger;
  /** Tests replace the crash and the dice. */
  kill?: () => void;
  random?: () => number;
}

/**
 * The fail points of one process (its service's specs, as RuntimeConfig keeps them). Each firing is logged first (`failpoint.fired`, at error level so no log
 * level hides it): the chaos checker counts them, e.g. notification duplicates = after-send kills.
 */
export const createFailPoints = (specs: readonly FailPointSpec[], options: FailPointsOptions): FailPoints => {
  if (specs.length === 0) return NO_FAIL_POINTS;
  const { logger, kill = () => process.kill(process.pid, 'SIGKILL'), random = Math.random } = options;
  const passes = new Map<string, number>();

  return {
    reach(step, key, attempt) {
      for (const spec of specs) {
        if (spec.step !== step || !applies(spec, key)) continue;
        const passKey = `${step}:${key}`;
        const pass = (passes.get(passKey) ?? 0) + 1;
        passes.set(passKey, pass);
        const { action } = spec;
        if (action.kind === 'kill' && random() < action.probability) {
          logger.error('failpoint.fired', { step, key, action: 'kill' });
          kill();
        }
        if (action.kind === 'throw' && (attempt ?? pass) <= action.times) {
          logger.error('failpoint.fired', { step, key, action: 'throw', attempt: attempt ?? pass });
          throw new OrderflowError('FAULT_INJECTED', `Fail point ${step} threw for ${key} (test only).`, {
            retriable: true,
            context: { step, key, attempt: attempt ?? pass },
          });
        }
      }
    },
  };
};
