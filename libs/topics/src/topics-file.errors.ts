import { OrderflowError } from '@orderflow/errors';

/** One thing wrong with topics.yaml, located by a dotted path such as `topics.order.created.partitions`. */
export interface TopicsFileProblem {
  path: string;
  message: string;
}

export const formatProblem = ({ path, message }: TopicsFileProblem): string =>
  path === '' ? message : `${path}: ${message}`;

/** All problems at once, so one edit-and-rerun cycle fixes the file. */
export const topicsFileInvalid = (source: string, problems: readonly TopicsFileProblem[]): OrderflowError => {
  const lines = problems.map(formatProblem);
  return new OrderflowError(
    'TOPICS_FILE_INVALID',
    `${source} is invalid: ${lines.join('; ')}. Fix it and run again.`,
    {
      context: { file: source, problems: lines },
    },
  );
};
