export {
  CONNECTION_ENV_KEYS,
  parseConnectionSettings,
  resolveAmqpUrl,
  resolveConnectionSettings,
  resolveRabbitmqManagementUrl,
  type ConnectionSettings,
} from './connection-settings';
export { readEnvFile, writeEnvFile } from './env-file';
export { projectPaths, type ProjectPaths } from './project-paths';
