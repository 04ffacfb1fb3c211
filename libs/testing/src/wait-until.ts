import { pollUntil } from '@orderflow/wait';

export interface WaitOptions {
  /** What is awaited, for the error message: "order-2's notification". */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
}

/** Polls `condition` until it holds, or fails with DEADLINE_EXCEEDED naming `description`. */
export const waitUntil = async (
  condition: () => boolean | Promise<boolean>,
  options: WaitOptions,
): Promise<void> => {
  await pollUntil(async () => ((await condition()) ? true : undefined), options);
};
