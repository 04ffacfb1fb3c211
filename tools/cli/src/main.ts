import { Command } from 'commander';

import { isOrderflowError } from '@orderflow/errors';

import { registerConnectorsCommands } from './commands/connectors.command';
import { registerDatabaseCommands } from './commands/database.command';
import { registerDecodeCommand } from './commands/decode.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerDlqCommands } from './commands/dlq.command';
import { registerLagCommands } from './commands/lag.command';
import { registerQueuesCommands } from './commands/queues.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerSchemasCommands } from './commands/schemas.command';
import { registerServicesCommands } from './commands/services.command';
import { registerStackCommands } from './commands/stack.command';
import { registerStartCommand } from './commands/start.command';
import { registerStockCommands } from './commands/stock.command';
import { registerTailCommand } from './commands/tail.command';
import { registerTopicsCommands } from './commands/topics.command';
import { registerTraceCommand } from './commands/trace.command';
import { registerWatchCommand } from './commands/watch.command';

const program = new Command('orderflow')
  .description('Operate the orderflow event backbone: the local stack, topics, schemas and more.')
  .showHelpAfterError();

registerStartCommand(program);
registerStackCommands(program);
registerTopicsCommands(program);
registerQueuesCommands(program);
registerSchemasCommands(program);
registerConnectorsCommands(program);
registerStockCommands(program);
registerServicesCommands(program);
registerDatabaseCommands(program);
registerDemoCommand(program);
registerLagCommands(program);
registerReplayCommand(program);
registerDlqCommands(program);
registerDecodeCommand(program);
registerTailCommand(program);
registerTraceCommand(program);
registerWatchCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Known failures print their actionable message only; anything else is a bug and keeps its stack.
  if (isOrderflowError(error)) {
    console.error(`orderflow: ${error.message}`);
    if (Object.keys(error.context).length > 0)
      console.error(JSON.stringify({ code: error.code, ...error.context }));
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
