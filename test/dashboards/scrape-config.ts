import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

/** ops/prometheus/prometheus.yml: what docker-compose.kafka.yml's Prometheus scrapes. */
export const PROMETHEUS_CONFIG_FILE = join(__dirname, '..', '..', 'ops', 'prometheus', 'prometheus.yml');

/** Prometheus scraping itself: no dashboard reads it, and the test's Prometheus has no fixed port. */
const SELF_JOB = 'prometheus';

export interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  static_configs: { targets: string[] }[];
  [setting: string]: unknown;
}

export const readScrapeJobs = (): ScrapeJob[] =>
  (parse(readFileSync(PROMETHEUS_CONFIG_FILE, 'utf8')) as { scrape_configs: ScrapeJob[] }).scrape_configs;

// Prometheus regexes are RE2 and anchored at both ends.
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * The production scrape config pointed at in-process servers: same jobs and settings, only the targets
 * swapped (`targets` maps job name → URL) and a 1 s interval so a test sees data within seconds. It
 * throws when a production job has no in-process server or the reverse: then prometheus.yml and the
 * services have drifted apart.
 *
 * Consumer groups and topics of a test carry its namespace prefix, while production's carry none; the
 * lag exporter job strips it (metric relabelling), so the dashboards' queries see production's names.
 */
export const testScrapeConfig = (options: {
  targets: Readonly<Record<string, string>>;
  namespacePrefix: string;
  lagExporterJob: string;
}): object => {
  const jobs = readScrapeJobs().filter((job) => job.job_name !== SELF_JOB);
  const unscraped = Object.keys(options.targets).filter((name) => !jobs.some((job) => job.job_name === name));
  if (unscraped.length > 0) throw new Error(`prometheus.yml has no job for ${unscraped.join(', ')}`);
  const stripPrefix = (label: string) => ({
    source_labels: [label],
    regex: `${escapeRegex(options.namespacePrefix)}(.*)`,
    target_label: label,
    replacement: '$1',
  });
  return {
    // scrape_timeout defaults to 10 s, which Prometheus refuses above the interval.
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: jobs.map((job) => {
      const url = options.targets[job.job_name];
      if (url === undefined)
        throw new Error(`No in-process server for the prometheus.yml job ${job.job_name}`);
      return {
        ...job,
        static_configs: [{ targets: [new URL(url).host] }],
        ...(job.job_name === options.lagExporterJob
          ? { metric_relabel_configs: [stripPrefix('consumergroup'), stripPrefix('topic')] }
          : {}),
      };
    }),
  };
};
