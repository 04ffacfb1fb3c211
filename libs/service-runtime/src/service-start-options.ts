import type { TopicsFile } from '@orderflow/topics';

/**
 * What every `start<Service>` takes: nothing in `main.ts` (the config is read from process.env), a config
 * with a test topic prefix and a smaller topics declaration in tests, plus the service's own replacements
 * (a payment gateway, a notification sender).
 */
export type ServiceStartOptions<Config, Extra extends object = object> = Extra & {
  /** The service's config; read from process.env when absent. */
  config?: Config;
  /** The topics declaration (default: the checkout's topics.yaml); tests pass one with short retry tiers. */
  topics?: TopicsFile;
};
