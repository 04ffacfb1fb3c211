import { readFileSync } from 'node:fs';

import { parse, YAMLParseError } from 'yaml';
import type { z } from 'zod';

import { OrderflowError } from '@orderflow/errors';
import { projectPaths } from '@orderflow/config';

import { topicsFileProblems } from './topics-file.checks';
import { topicsFileInvalid, type TopicsFileProblem } from './topics-file.errors';
import { topicsFileSchema, type TopicsFile } from './topics-file.schema';

export interface ParseTopicsFileOptions {
  text: string;
  /** Names the file in error messages. */
  source: string;
}

const issueProblem = (issue: z.core.$ZodIssue): TopicsFileProblem => {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return {
      path,
      message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`,
    };
  }
  if (issue.code === 'invalid_key') return { path, message: issue.issues[0]?.message ?? issue.message };
  return { path, message: issue.message };
};

/** Parses and fully validates topics.yaml text: shape, then cross-references and every environment. */
export const parseTopicsFile = ({ text, source }: ParseTopicsFileOptions): TopicsFile => {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error: unknown) {
    if (!(error instanceof YAMLParseError)) throw error;
    throw topicsFileInvalid(source, [{ path: '', message: `not valid YAML (${error.message})` }]);
  }
  if (raw === null || raw === undefined)
    throw topicsFileInvalid(source, [{ path: '', message: 'the file is empty' }]);

  const parsed = topicsFileSchema.safeParse(raw, {
    error: (issue) => (issue.input === undefined ? 'required' : undefined),
  });
  if (!parsed.success) throw topicsFileInvalid(source, parsed.error.issues.map(issueProblem));

  const problems = topicsFileProblems(parsed.data);
  if (problems.length > 0) throw topicsFileInvalid(source, problems);
  return parsed.data;
};

export interface LoadTopicsFileOptions {
  /** Defaults to the checkout's topics.yaml. */
  path?: string;
}

/** Reads and validates topics.yaml once; callers keep the result instead of re-reading. */
export const loadTopicsFile = ({
  path = projectPaths().topicsFile,
}: LoadTopicsFileOptions = {}): TopicsFile => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new OrderflowError(
      'TOPICS_FILE_INVALID',
      `Cannot read ${path}: pass --file with the path of topics.yaml.`,
      {
        context: { file: path },
        cause: error,
      },
    );
  }
  return parseTopicsFile({ text, source: path });
};
