export {
  CONNECTION_ENV_KEYS,
  parseConnectionSettings,
  resolveConnectionSettings,
  type ConnectionSettings,
} from './connection-settings';
export { writeEnvFile } from './env-file';
export { projectPaths, type ProjectPaths } from './project-paths';
