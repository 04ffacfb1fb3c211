import { startProbe } from './runtime-test-kit';

const CLIENTS = 8;
/** Far longer than a drain takes (in-flight answers, then the listener is gone), far shorter than forever. */
const STOP_DEADLINE_MS = 10_000;

describe('consumer runtime: a graceful stop while clients keep their connections busy', () => {
  it('closes the keep-alive connections clients keep reusing, so the stop finishes (chaos case 14)', async () => {
    const probe = await startProbe('runtime-http-drain');
    const url = `${probe.service.url}/health/ready`;
    let stopping = false;
    let answered = 0;
    // fetch reuses a connection for the next request as soon as an answer is read, as the chaos load's
    // clients do: Node serves requests on connections open before close() for as long as they come.
    const client = async (): Promise<void> => {
      while (!stopping) {
        try {
          await (await fetch(url)).text();
          answered += 1;
        } catch {
          // Refused once the listener is gone: a real client would go to another instance.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    await waitForAnswers(() => answered);

    const startedAt = Date.now();
    const closed = await Promise.race([
      probe.service.close().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_DEADLINE_MS)),
    ]);
    const stopMs = Date.now() - startedAt;
    stopping = true;
    await Promise.all(clients);
    await probe.namespace.cleanup();

    expect(closed).toBe(true);
    console.log(`HTTP drain: stop took ${stopMs} ms with ${CLIENTS} busy keep-alive clients`);
  });
});

/** Until the clients have had answers: their connections are open and busy. */
const waitForAnswers = async (answered: () => number): Promise<void> => {
  const deadline = Date.now() + STOP_DEADLINE_MS;
  while (answered() < 20) {
    if (Date.now() > deadline) throw new Error('the clients got no answers from the probe');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
