import { isOrderflowError } from '@orderflow/errors';
import { createLogger } from '@orderflow/logging';

import { createFailPoints, NO_FAIL_POINTS, parseFailPoints } from './fail-points';

const silent = createLogger({ service: 'test', write: () => undefined });

describe('fail points', () => {
  it('parse the documented forms, with and without a key, and nothing from an unset variable', () => {
    expect(parseFailPoints(undefined)).toEqual([]);
    expect(parseFailPoints(' ')).toEqual([]);
    expect(
      parseFailPoints(
        'inventory:after-publish:kill@0.01, notification:after-send:kill@1,payment:handler:throw@2:order-7',
      ),
    ).toEqual([
      { service: 'inventory', step: 'after-publish', action: { kind: 'kill', probability: 0.01 } },
      { service: 'notification', step: 'after-send', action: { kind: 'kill', probability: 1 } },
      { service: 'payment', step: 'handler', action: { kind: 'throw', times: 2 }, key: 'order-7' },
    ]);
  });

  it.each([
    ['inventory:after-publish', '3 or 4 parts'],
    ['inventory:before-lunch:kill@0.5', 'unknown step'],
    ['inventory:handler:explode@1', 'unknown action'],
    ['inventory:handler:kill@2', 'at most 1'],
    ['inventory:handler:kill@', 'no number'],
    ['payment:handler:throw@1.5', 'whole number'],
    ['payment:handler:throw@2:k:extra', '3 or 4 parts'],
    ['order-api:handler:throw@1:share=0', 'above 0 and at most 1'],
    ['order-api:handler:throw@1:share=1.5', 'above 0 and at most 1'],
  ])('refuse %s with CONFIG_INVALID naming the variable (%s)', (text, problem) => {
    let error: unknown;
    try {
      parseFailPoints(text);
    } catch (caught) {
      error = caught;
    }
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('ORDERFLOW_FAILPOINTS');
    expect((error as Error).message).toContain(problem);
  });

  it('are no-ops without specs', () => {
    expect(createFailPoints([], { logger: silent })).toBe(NO_FAIL_POINTS);
    expect(() => NO_FAIL_POINTS.reach('handler', 'k', 1)).not.toThrow();
  });

  it('kill at their step only, as often as the dice say, after logging the firing', () => {
    const lines: string[] = [];
    const kills: string[] = [];
    const dice = [0.5, 0.05, 0.2];
    const points = createFailPoints(parseFailPoints('inventory:after-publish:kill@0.1'), {
      logger: createLogger({ service: 'inventory', write: (line) => lines.push(line) }),
      kill: () => kills.push(`killed after ${lines.length} lines`),
      random: () => dice.shift() ?? 1,
    });
    points.reach('handler', 'order-1', 1);
    points.reach('after-publish', 'order-1', 1);
    points.reach('after-publish', 'order-2', 1);
    points.reach('after-publish', 'order-3', 1);
    expect(kills).toEqual(['killed after 1 lines']);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'error',
      msg: 'failpoint.fired',
      step: 'after-publish',
      key: 'order-2',
      action: 'kill',
    });
  });

  it('throw a retriable FAULT_INJECTED on the first N attempts of the chosen key only', () => {
    const points = createFailPoints(parseFailPoints('payment:handler:throw@2:order-7'), { logger: silent });
    const outcome = (key: string, attempt: number) => {
      try {
        points.reach('handler', key, attempt);
        return 'passed';
      } catch (error) {
        return isOrderflowError(error, 'FAULT_INJECTED') && error.retriable ? 'threw' : 'other';
      }
    };
    expect([1, 2, 3].map((attempt) => outcome('order-7', attempt))).toEqual(['threw', 'threw', 'passed']);
    expect(outcome('order-8', 1)).toBe('passed');
  });

  it("count a key's passes where the step does not know the attempt", () => {
    const points = createFailPoints(parseFailPoints('notification:after-send:throw@1'), { logger: silent });
    expect(() => points.reach('after-send', 'order-1')).toThrow('Fail point after-send threw for order-1');
    expect(() => points.reach('after-send', 'order-1')).not.toThrow();
    expect(() => points.reach('after-send', 'order-2')).toThrow();
  });

  it('throw for a share of keys chosen by their hash, the same keys in every process', () => {
    expect(parseFailPoints('order-api:handler:throw@1:share=0.25')).toEqual([
      { service: 'order-api', step: 'handler', action: { kind: 'throw', times: 1 }, share: 0.25 },
    ]);
    const keys = Array.from({ length: 2_000 }, (_, index) => `order-${index}`);
    const failing = (points: ReturnType<typeof createFailPoints>) =>
      keys.filter((key) => {
        try {
          points.reach('handler', key, 1);
          return false;
        } catch {
          return true;
        }
      });
    const specs = parseFailPoints('order-api:handler:throw@1:share=0.25');
    const first = failing(createFailPoints(specs, { logger: silent }));
    expect(first.length / keys.length).toBeGreaterThan(0.2);
    expect(first.length / keys.length).toBeLessThan(0.3);
    expect(failing(createFailPoints(specs, { logger: silent }))).toEqual(first);
  });
});
