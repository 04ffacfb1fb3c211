import { OrderflowError } from '@orderflow/errors';

import type { ChaosCase } from './case.types';

/** The cases `--only` names, by number or name, in registry order; all of them without `--only`. */
export const selectCases = (
  cases: readonly ChaosCase[],
  only: readonly string[] | undefined,
): ChaosCase[] => {
  if (only === undefined) return [...cases];
  const unknown = only.filter(
    (wanted) => !cases.some((candidate) => String(candidate.number) === wanted || candidate.name === wanted),
  );
  if (unknown.length > 0) {
    throw new OrderflowError(
      'CONFIG_INVALID',
      `No chaos case ${unknown.join(', ')}; known: ${cases.map((entry) => `${entry.number} ${entry.name}`).join(', ')}.`,
    );
  }
  return cases.filter(
    (candidate) => only.includes(String(candidate.number)) || only.includes(candidate.name),
  );
};
