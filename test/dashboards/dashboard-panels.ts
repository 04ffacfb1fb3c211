import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** ops/grafana/dashboards: every JSON there is provisioned by docker-compose.kafka.yml. */
export const DASHBOARDS_DIR = join(__dirname, '..', '..', 'ops', 'grafana', 'dashboards');

interface PanelJson {
  id?: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: { refId?: string; expr?: string; datasource?: { uid?: string } }[];
  /** Panels inside a collapsed row. */
  panels?: PanelJson[];
}

export interface VariableJson {
  name: string;
  type: string;
  definition?: string;
  allValue?: string;
}

export interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
  templating?: { list: VariableJson[] };
}

/** One query of one panel, as Grafana sends it before variables are substituted. */
export interface PanelTarget {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

export const dashboardFiles = (): string[] =>
  readdirSync(DASHBOARDS_DIR).filter((file) => file.endsWith('.json'));

export const readDashboard = (file: string): DashboardJson =>
  JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as DashboardJson;

/** Every panel but rows, rows' nested panels included (a collapsed row keeps its panels inside it). */
export const dashboardPanels = (dashboard: DashboardJson): PanelJson[] =>
  dashboard.panels.flatMap((panel) => (panel.type === 'row' ? (panel.panels ?? []) : [panel]));

export const panelTargets = (dashboard: DashboardJson): PanelTarget[] =>
  dashboardPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      dashboard: dashboard.uid,
      panel: panel.title,
      refId: target.refId ?? '?',
      expr: target.expr ?? '',
    })),
  );

/**
 * Replaces `$name` and `${name}` as Grafana would for one chosen value each. A variable with no value
 * given throws: a typo in a panel (`$gruop`) must fail the test, not reach Prometheus as literal text.
 */
export const substituteVariables = (expr: string, values: Readonly<Record<string, string>>): string =>
  expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`No value for the variable ${match} in ${expr}`);
    return value;
  });

/** `label_values(metric, label)`, the form of a Prometheus query variable Grafana lists values with. */
export const parseLabelValues = (definition: string): { metric: string; label: string } => {
  const match = /^label_values\(\s*([^,]+?)\s*,\s*(\w+)\s*\)$/.exec(definition);
  if (!match) throw new Error(`Expected label_values(metric, label), got ${definition}`);
  return { metric: match[1] as string, label: match[2] as string };
};
