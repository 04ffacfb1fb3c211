import { OrderflowError } from '@orderflow/errors';

export interface ChaosOptions {
  /** Case numbers or names to run; every registered case when absent. */
  only?: string[];
  /** Orders per case. */
  orders: number;
  /** Orders per second of the open-loop load. */
  rate: number;
  /** Rewrite docs/reliability.md's table and docs/reliability.json. */
  report: boolean;
}

// 60 orders/s: what the 2-core box sustains with the five services, the stack and the harness on it
// (measured: the pipeline keeps up, lag stays within a few seconds of work between faults).
export const DEFAULT_OPTIONS: ChaosOptions = { orders: 5_000, rate: 60, report: false };

const positive = (flag: string, value: string | undefined): number => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new OrderflowError('CONFIG_INVALID', `${flag} needs a positive number, got ${value ?? 'nothing'}.`);
  }
  return number;
};

/** `[--only 1,kill-services] [--orders N] [--rate R] [--report]`. */
export const parseOptions = (argv: readonly string[]): ChaosOptions => {
  const options: ChaosOptions = { ...DEFAULT_OPTIONS };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    switch (flag) {
      case '--only':
        options.only = (value ?? '').split(',').filter((entry) => entry !== '');
        index++;
        break;
      case '--orders':
        options.orders = Math.round(positive(flag, value));
        index++;
        break;
      case '--rate':
        options.rate = positive(flag, value);
        index++;
        break;
      case '--report':
        options.report = true;
        break;
      default:
        throw new OrderflowError(
          'CONFIG_INVALID',
          `Unknown argument ${flag}; usage: npm run chaos -- [--only 1,kill-services] [--orders N] [--rate R] [--report]`,
        );
    }
  }
  return options;
};
