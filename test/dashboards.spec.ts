import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  DASHBOARDS_DIR,
  dashboardFiles,
  dashboardPanels,
  panelTargets,
  readDashboard,
  substituteVariables,
} from './dashboards/dashboard-panels';

// The JSON's structure, without servers: what Grafana's provisioning needs and what the integration test
// (test/dashboards.int-spec.ts, which runs every query) relies on.

describe.each(dashboardFiles())('dashboard %s', (file) => {
  const dashboard = readDashboard(file);
  const panels = dashboardPanels(dashboard);

  it('has a fixed uid, so links and provisioning updates keep pointing at it', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
  });

  it('queries the provisioned Prometheus datasource (uid "prometheus") in every panel', () => {
    const elsewhere = panels
      .flatMap((panel) => [panel.datasource, ...(panel.targets ?? []).map((target) => target.datasource)])
      .filter((datasource) => datasource?.uid !== 'prometheus');
    expect(elsewhere).toEqual([]);
  });

  it('gives every panel a unique title and id, and at least one query', () => {
    expect(new Set(panels.map((panel) => panel.title)).size).toBe(panels.length);
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    const queries = (panel: (typeof panels)[number]) => (panel.targets ?? []).filter((target) => target.expr);
    const withoutQuery = panels.filter((panel) => queries(panel).length === 0).map((panel) => panel.title);
    expect(withoutQuery).toEqual([]);
  });

  it('uses only its own variables and $__rate_interval in queries', () => {
    const values = Object.fromEntries([
      ['__rate_interval', '30s'],
      ...(dashboard.templating?.list ?? []).map((variable) => [variable.name, 'x']),
    ]) as Record<string, string>;
    for (const target of panelTargets(dashboard)) {
      expect(() => substituteVariables(target.expr, values)).not.toThrow();
    }
  });

  it('is listed in the folder README', () => {
    expect(readFileSync(join(DASHBOARDS_DIR, 'README.md'), 'utf8')).toContain(`\`${file}\``);
  });
});

describe('substituteVariables', () => {
  it('replaces $name and ${name} forms and refuses unknown variables', () => {
    expect(
      substituteVariables('rate(x{g=~"$group"}[${__rate_interval}])', { group: 'a', __rate_interval: '30s' }),
    ).toBe('rate(x{g=~"a"}[30s])');
    expect(() => substituteVariables('x{g="$gruop"}', { group: 'a' })).toThrow('$gruop');
  });
});
