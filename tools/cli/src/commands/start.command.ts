import type { Command } from 'commander';

import { CONNECTION_ENV_KEYS } from '@orderflow/config';
import { DEFAULT_COMPATIBILITY_MODE } from '@orderflow/registry';
import { DEFAULT_ENVIRONMENT } from '@orderflow/topics';

import { registerAllSchemas } from './schemas.command';
import { stackUp } from './stack.command';
import { applyTopics } from './topics.command';

/** `npm start`: everything a developer needs running, in dependency order, each step idempotent. */
export const registerStartCommand = (program: Command): void => {
  program
    .command('start')
    .description('Start the embedded stack, apply topics.yaml, register schemas/. Safe to run again.')
    .action(async () => {
      // Servers given by the environment (docker compose, a shared cluster) win over the embedded stack.
      const given = CONNECTION_ENV_KEYS.filter((key) => process.env[key]);
      if (given.length > 0) {
        console.log(`== 1/3 servers from the environment (${given.join(', ')}); embedded stack not started`);
      } else {
        console.log('== 1/3 embedded stack');
        await stackUp();
      }
      console.log(`\n== 2/3 topics (${DEFAULT_ENVIRONMENT})`);
      await applyTopics({ env: DEFAULT_ENVIRONMENT, topicPrefix: '' });
      console.log('\n== 3/3 schemas');
      await registerAllSchemas({ topicPrefix: '', compatibility: DEFAULT_COMPATIBILITY_MODE });
      console.log(
        '\norderflow is up. Connection settings are in .stack/env; `npm run stack:status` checks health, ' +
          '`npm run stack:down` stops everything (data stays in .stack/).',
      );
    });
};
