export { awaitConnectorRunning } from './await-running';
export { findConnectUrl, resolveConnectUrl } from './connect-url';
export {
  createConnectClient,
  type ConnectClient,
  type ConnectClientOptions,
  type ConnectorConfig,
} from './connect-client';
export {
  databasePlaceholders,
  loadConnectorDefinitions,
  renderConnectorConfig,
  type ConnectorDefinition,
} from './connector-definitions';
export {
  CONNECT_STATES,
  countTasksByState,
  describeConnector,
  isConnectorRunning,
  type ConnectorStatus,
  type ConnectState,
} from './connector-state';
export { OUTBOX_CONNECTOR, outboxConnectorName } from './outbox-connector';
