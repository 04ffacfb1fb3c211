import { getContainerRuntimeClient } from 'testcontainers';

import { isDockerAvailable } from './docker-availability';

// The real lookup depends on the machine (a developer's Docker, CI without one), so the engine's answer is
// simulated: these tests pin how each answer is turned into a boolean.
jest.mock('testcontainers', () => ({ getContainerRuntimeClient: jest.fn() }));

const lookup = jest.mocked(getContainerRuntimeClient);

describe('isDockerAvailable', () => {
  afterEach(() => lookup.mockReset());

  it('is true when testcontainers finds a working engine', async () => {
    lookup.mockResolvedValue({} as Awaited<ReturnType<typeof getContainerRuntimeClient>>);
    await expect(isDockerAvailable()).resolves.toBe(true);
  });

  it('is false, without throwing, when no runtime strategy works', async () => {
    lookup.mockRejectedValue(new Error('Could not find a working container runtime strategy'));
    await expect(isDockerAvailable()).resolves.toBe(false);
  });

  it('is false when the engine does not answer within the timeout (an unreachable DOCKER_HOST)', async () => {
    lookup.mockReturnValue(new Promise(() => undefined));
    const started = Date.now();
    await expect(isDockerAvailable({ timeoutMs: 50 })).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
