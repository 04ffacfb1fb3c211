import { parseConnectionSettings, type ConnectionSettings } from '@orderflow/config';

/** The servers test/global-setup.ts resolved for this run, as exported into every test worker. */
export const integrationSettings = (): ConnectionSettings =>
  parseConnectionSettings(process.env, 'the integration test environment (set by test/global-setup.ts)');
