/** Progress lines for long CLI work, with the seconds elapsed since the command started. */
export const progressReporter =
  (startedAt = Date.now()) =>
  (line: string) => {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
    console.log(`[${seconds}s] ${line}`);
  };
