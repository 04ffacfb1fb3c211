export { awaitConnectorRunning } from './await-running';
export { resolveConnectUrl } from './connect-url';
export { createConnectClient, type ConnectClient, type ConnectorConfig } from './connect-client';
export {
  databasePlaceholders,
  loadConnectorDefinitions,
  renderConnectorConfig,
  type ConnectorDefinition,
} from './connector-definitions';
export {
  describeConnector,
  isConnectorRunning,
  type ConnectorStatus,
  type ConnectState,
} from './connector-state';
