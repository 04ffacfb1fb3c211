import { getContainerRuntimeClient } from 'testcontainers';

export interface DockerAvailabilityOptions {
  /**
   * How long an engine may take to answer. Without a bound, a DOCKER_HOST naming an unreachable TCP address
   * would keep the caller waiting for the operating system's connect timeout (minutes).
   */
  timeoutMs?: number;
}

/**
 * Whether a container engine answers, looked up exactly as testcontainers will look for it (its properties
 * file, DOCKER_HOST, then the usual sockets), so `true` means startContainerStack() reaches the same engine.
 * Never throws: "no engine" is an answer, and the caller falls back to the embedded stack.
 */
export const isDockerAvailable = async ({
  timeoutMs = 10_000,
}: DockerAvailabilityOptions = {}): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
};
