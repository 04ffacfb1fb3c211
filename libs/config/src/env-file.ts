import { readFileSync, writeFileSync, existsSync } from 'node:fs';

/** Reads a KEY=VALUE file (blank lines and # comments allowed); a missing file reads as empty. */
export const readEnvFile = (path: string): Record<string, string> => {
  if (!existsSync(path)) return {};
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    })
    .filter(([key]) => key !== '');
  return Object.fromEntries(entries);
};

export const writeEnvFile = (path: string, values: Record<string, string>, header: string): void => {
  const lines = Object.entries(values).map(([key, value]) => `${key}=${value}`);
  writeFileSync(path, `# ${header}\n${lines.join('\n')}\n`);
};
