import { InvalidArgumentError } from 'commander';

/** Commander option parser for partitions and offsets. */
export const parseNonNegativeInteger = (text: string): number => {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expected a whole number >= 0.');
  return Number(text);
};
