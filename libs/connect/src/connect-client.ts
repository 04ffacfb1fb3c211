import { OrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

import type { ConnectorStatus } from './connector-state';

/** A connector's configuration: Kafka Connect takes every value as a string. */
export type ConnectorConfig = Record<string, string>;

export interface ConnectClient {
  readonly url: string;
  /** The worker's version, e.g. `4.3.1`; throws when it does not answer. */
  version(): Promise<string>;
  /** Every connector with its status (`GET /connectors?expand=status`). */
  list(): Promise<ConnectorStatus[]>;
  /** Creates or updates the connector (`PUT /connectors/<name>/config`): idempotent. */
  putConfig(name: string, config: ConnectorConfig): Promise<{ created: boolean }>;
  /** The configuration the worker holds, or undefined when there is no such connector. */
  config(name: string): Promise<ConnectorConfig | undefined>;
  /** The status, or undefined when there is no such connector (or it has no status yet). */
  status(name: string): Promise<ConnectorStatus | undefined>;
  /** Restarts the connector and its failed tasks. */
  restart(name: string): Promise<void>;
  /**
   * Stops the connector and deletes its source offsets (KIP-875), so it starts from scratch once resumed
   * or recreated. Returns false when there is no such connector.
   */
  resetOffsets(name: string): Promise<boolean>;
  /** Deletes the connector; its offsets stay in the worker's offset topic. Idempotent. */
  remove(name: string): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The Kafka Connect REST API (the same on a local worker and a managed one). A worker that does not
 * answer is DEPENDENCY_UNAVAILABLE (retriable); one that refuses a request says why in its `message`.
 */
export const createConnectClient = (baseUrl: string): ConnectClient => {
  const url = baseUrl.replace(/\/+$/, '');

  const request = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new OrderflowError('DEPENDENCY_UNAVAILABLE', `Kafka Connect at ${url} does not answer.`, {
        retriable: true,
        context: { url, method, path },
        cause: error,
      });
    }
    const text = await response.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (response.status === 404) return { status: 404, json };
    if (!response.ok) {
      const message = (json as { message?: string } | undefined)?.message ?? text;
      // 409: the worker is rebalancing (or a restart is in progress); asking again later succeeds.
      const retriable = response.status === 409 || response.status >= 500;
      throw new OrderflowError(
        retriable ? 'DEPENDENCY_UNAVAILABLE' : 'CONFIG_INVALID',
        `Kafka Connect refused ${method} ${path} (${response.status}): ${message}`,
        { retriable, context: { url, method, path, status: response.status } },
      );
    }
    return { status: response.status, json };
  };

  return {
    url,
    version: async () => ((await request('GET', '/')).json as { version: string }).version,
    async list() {
      const { json } = await request('GET', '/connectors?expand=status');
      const entries = Object.values((json ?? {}) as Record<string, { status: ConnectorStatus }>);
      return entries.map((entry) => entry.status).sort((a, b) => a.name.localeCompare(b.name));
    },
    async putConfig(name, config) {
      const { status } = await request('PUT', `/connectors/${encodeURIComponent(name)}/config`, {
        ...config,
        name,
      });
      return { created: status === 201 };
    },
    async config(name) {
      const { status, json } = await request('GET', `/connectors/${encodeURIComponent(name)}/config`);
      return status === 404 ? undefined : (json as ConnectorConfig);
    },
    async status(name) {
      const { status, json } = await request('GET', `/connectors/${encodeURIComponent(name)}/status`);
      return status === 404 ? undefined : (json as ConnectorStatus);
    },
    async restart(name) {
      await request(
        'POST',
        `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`,
      );
    },
    async resetOffsets(name) {
      const path = `/connectors/${encodeURIComponent(name)}`;
      if ((await request('PUT', `${path}/stop`)).status === 404) return false;
      // The stop takes effect asynchronously; offsets can only be reset once the connector is STOPPED.
      await pollUntil(
        async () =>
          ((await request('GET', `${path}/status`)).json as ConnectorStatus | undefined)?.connector.state ===
          'STOPPED'
            ? true
            : undefined,
        { description: `connector ${name} to stop`, timeoutMs: 30_000 },
      );
      await request('DELETE', `${path}/offsets`);
      return true;
    },
    async remove(name) {
      await request('DELETE', `/connectors/${encodeURIComponent(name)}`);
    },
  };
};
