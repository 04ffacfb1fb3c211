import { OrderflowError } from '@orderflow/errors';

/** One series of an instant vector: its labels and its value as Prometheus prints it ("NaN" included). */
export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

interface QueryResponse {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: PrometheusSample[] };
}

// A stalled Prometheus fails the call; the waits around it retry until their own deadline.
const QUERY_TIMEOUT_MS = 10_000;

/**
 * Evaluates `expr` now through `/api/v1/query`. A query Prometheus rejects as bad PromQL throws a
 * non-retriable error, so a wait around it (`waitFor`) fails at once and says why instead of timing out.
 */
export const queryPrometheus = async (url: string, expr: string): Promise<PrometheusSample[]> => {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
    signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
  });
  const body = (await response.json()) as QueryResponse;
  if (body.status !== 'success') {
    const message = `Prometheus rejected ${expr}: ${body.error ?? response.status}`;
    if (body.errorType === 'bad_data') throw new OrderflowError('CONFIG_INVALID', message);
    throw new Error(message);
  }
  if (body.data?.resultType !== 'vector') {
    throw new Error(`Expected an instant vector from ${expr}, got ${body.data?.resultType ?? 'nothing'}.`);
  }
  return body.data.result;
};

/** The values of `label` on series of `metric`, as Grafana's `label_values(metric, label)` lists them. */
export const prometheusLabelValues = async (
  url: string,
  metric: string,
  label: string,
): Promise<string[]> => {
  const query = new URLSearchParams({ 'match[]': metric });
  const body = (await (
    await fetch(`${url}/api/v1/label/${encodeURIComponent(label)}/values?${query.toString()}`, {
      signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
    })
  ).json()) as {
    status: string;
    data?: string[];
  };
  if (body.status !== 'success') throw new Error(`Prometheus could not list ${label} values of ${metric}.`);
  return body.data ?? [];
};
