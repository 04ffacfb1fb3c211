import { Counter, Histogram, type Registry } from 'prom-client';

export interface HttpRequestLabels {
  method: string;
  /** The route pattern (`/orders/:id`), never the raw path: one series per route, not per order. */
  route: string;
  status: number;
}

export interface HttpMetrics {
  requestFinished(labels: HttpRequestLabels, seconds: number): void;
}

/** Registers the HTTP metrics on a service's own registry. */
export const createHttpMetrics = ({ registry }: { registry: Registry }): HttpMetrics => {
  const requests = new Counter({
    name: 'orderflow_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'orderflow_http_request_duration_seconds',
    help: 'Time from the request reaching its route handler to the response being sent.',
    labelNames: ['method', 'route'] as const,
    registers: [registry],
  });
  return {
    requestFinished({ method, route, status }, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
};
