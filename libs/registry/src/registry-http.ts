import { OrderflowError } from '@orderflow/errors';

import { isCompatibilityMode } from './compatibility-mode';
import type { CompatibilityMode } from './compatibility-mode';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** A registry answer other than 2xx, with Confluent's `error_code` when the body has one. */
export class RegistryHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: number | undefined,
  ) {
    super(message);
    this.name = 'RegistryHttpError';
  }
}

export const isNotFound = (error: unknown): boolean =>
  error instanceof RegistryHttpError && error.status === 404;

const parseJson = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

interface Endpoint {
  baseUrl: string;
  /** Bounds the whole exchange, body included: a hung registry fails the call instead of holding it. */
  timeoutMs: number;
}

const request = async (
  { baseUrl, timeoutMs }: Endpoint,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> => {
  const url = `${baseUrl}${path}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'Content-Type': CONTENT_TYPE }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new OrderflowError(
      'DEPENDENCY_UNAVAILABLE',
      `Schema registry at ${baseUrl} did not answer ${method} ${path} within ${timeoutMs} ms. Is it running (\`orderflow stack status\`)?`,
      {
        retriable: true,
        context: { url },
        cause: error,
      },
    );
  }
  const parsed = parseJson(text);
  if (response.ok) return parsed;
  const details = (parsed ?? {}) as { message?: string; error_code?: number };
  const message = `${method} ${url} answered ${response.status}: ${details.message ?? text}`;
  if (response.status >= 500) {
    throw new OrderflowError('DEPENDENCY_UNAVAILABLE', `Schema registry failed: ${message}`, {
      retriable: true,
      context: { url },
    });
  }
  throw new RegistryHttpError(message, response.status, details.error_code);
};

/** Where a schema id is registered: `order.created-value` version 2. */
export interface SubjectVersion {
  subject: string;
  version: number;
}

const subjectPath = (subject: string): string => encodeURIComponent(subject);

/**
 * The Confluent REST endpoints @kafkajs/confluent-schema-registry does not expose, over plain fetch.
 * `baseUrl` is the Confluent API root (for Apicurio, `<base>/apis/ccompat/v7`).
 */
export const createRegistryHttp = ({
  baseUrl,
  timeoutMs = 10_000,
}: {
  baseUrl: string;
  timeoutMs?: number;
}) => {
  const endpoint: Endpoint = { baseUrl, timeoutMs };
  return {
    /** Registered version numbers, oldest first; empty when the subject does not exist. */
    listVersions: async (subject: string): Promise<number[]> => {
      try {
        return (await request(endpoint, 'GET', `/subjects/${subjectPath(subject)}/versions`)) as number[];
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },

    /**
     * The subject's effective mode; undefined when the registry has none for it. Apicurio answers 404 for a
     * subject that has neither versions nor config, where Confluent falls back to the global level.
     */
    getCompatibility: async (subject: string): Promise<CompatibilityMode | undefined> => {
      try {
        const body = (await request(
          endpoint,
          'GET',
          `/config/${subjectPath(subject)}?defaultToGlobal=true`,
        )) as {
          compatibilityLevel?: string;
        };
        const level = body.compatibilityLevel?.toUpperCase() ?? '';
        return isCompatibilityMode(level) ? level : undefined;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    /**
     * Every subject and version registered with this schema id (one schema text can be registered in several
     * subjects); empty when the registry has no such id.
     */
    subjectVersionsOfId: async (id: number): Promise<SubjectVersion[]> => {
      try {
        return (await request(endpoint, 'GET', `/schemas/ids/${id}/versions`)) as SubjectVersion[];
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },

    setCompatibility: async (subject: string, mode: CompatibilityMode): Promise<void> => {
      await request(endpoint, 'PUT', `/config/${subjectPath(subject)}`, { compatibility: mode });
    },

    /** The registry's verdict for `schema` against the subject under its configured mode. */
    testCompatibility: async (subject: string, schema: string): Promise<boolean> => {
      const body = (await request(
        endpoint,
        'POST',
        `/compatibility/subjects/${subjectPath(subject)}/versions/latest?verbose=true`,
        {
          schema,
        },
      )) as { is_compatible?: boolean };
      return body.is_compatible === true;
    },
  };
};

export type RegistryHttp = ReturnType<typeof createRegistryHttp>;
