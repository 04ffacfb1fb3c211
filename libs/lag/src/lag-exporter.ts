import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from '@orderflow/logging';
import { Registry } from 'prom-client';

import { renderLagExposition } from './lag-exposition';
import type { LagSampler } from './lag-sampler';
import { createLagTracker } from './lag-tracker';

export interface LagExporterOptions {
  sampler: LagSampler;
  intervalMs: number;
  /** 0 picks a free port (tests). */
  port: number;
  /** Interface to bind: loopback unless a containerised Prometheus must reach it (0.0.0.0). */
  host?: string;
  logger: Logger;
}

export interface RunningLagExporter {
  url: string;
  close(): Promise<void>;
}

/**
 * Samples on an interval and serves the latest report on `http://127.0.0.1:<port>/metrics`. A scrape
 * never waits on Kafka: it gets the last good sample. A failed sample is logged and the previous report
 * kept, so a broker hiccup shows as a gap in freshness rather than as lag dropping to nothing.
 */
export const startLagExporter = async ({
  sampler,
  intervalMs,
  port,
  host = '127.0.0.1',
  logger,
}: LagExporterOptions): Promise<RunningLagExporter> => {
  const tracker = createLagTracker();
  let exposition: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const sampleOnce = async (): Promise<void> => {
    try {
      const report = tracker.observe(await sampler.sample());
      exposition = await renderLagExposition(report);
      logger.debug('lag.sampled', { groups: report.groups.length, partitions: report.topics.length });
    } catch (error) {
      logger.warn('lag.sample-failed', { error });
    }
    // Chained rather than setInterval: a slow sample never overlaps the next one.
    if (!stopped) timer = setTimeout(() => void sampleOnce(), intervalMs);
  };

  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('Try /metrics.\n');
    } else if (exposition === undefined) {
      response.writeHead(503).end('No sample yet.\n');
    } else {
      response.writeHead(200, { 'Content-Type': Registry.PROMETHEUS_CONTENT_TYPE }).end(exposition);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await sampleOnce();
  logger.info('lag-exporter.started', { url: `${url}/metrics`, intervalMs });

  return {
    url,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info('lag-exporter.stopped');
    },
  };
};
