export interface BenchOptions {
  rounds: number;
  messages: number;
  /** Round ids to run, e.g. ['R1', 'R3']; undefined runs every round. */
  only: string[] | undefined;
}

/** Every round a full run has, in the order `rounds/index.ts` runs them. */
export const ROUND_IDS = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'] as const;

/** Sized so that three repetitions of every round finish in about ten minutes on two cores. */
export const DEFAULT_OPTIONS: BenchOptions = { rounds: 3, messages: 10_000, only: undefined };

const positive = (flag: string, value: string | undefined): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${flag} expects a positive integer, got ${value}.`);
  return number;
};

/** `--rounds 3 --messages 10000 --only R1,R3` */
export const parseOptions = (argv: string[]): BenchOptions => {
  const options = { ...DEFAULT_OPTIONS };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    if (flag === '--rounds') options.rounds = positive(flag, value);
    else if (flag === '--messages') options.messages = positive(flag, value);
    else if (flag === '--only')
      options.only = (value ?? '')
        .split(',')
        .map((id) => id.trim().toUpperCase())
        .filter(Boolean);
    else throw new Error(`Unknown option ${flag}; use --rounds N, --messages N, --only R1,R3.`);
  }
  return options;
};
