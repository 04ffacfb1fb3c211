import { connect } from 'amqplib';

const PROBE_TIMEOUT_MS = 2_000;

/**
 * An AMQP handshake (not a CLI call: each rabbitmqctl costs 1–2 s of CPU on a small box). Answers with the
 * broker's product and version; throws with the reason when the broker does not complete the handshake.
 */
export const amqpProbe = (url: string) => async (): Promise<string> => {
  const connection = await connect(url, { timeout: PROBE_TIMEOUT_MS });
  try {
    const properties = connection.connection.serverProperties;
    return `${properties.product} ${properties.version}`;
  } finally {
    await connection.close().catch(() => undefined);
  }
};
