import { OrderflowError } from '@orderflow/errors';

/** The Confluent compatibility levels, as `PUT /config/{subject}` spells them. */
export const COMPATIBILITY_MODES = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;

export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

/** Consumers upgrade before producers and may replay from the beginning, so every old version must stay readable. */
export const DEFAULT_COMPATIBILITY_MODE = 'BACKWARD_TRANSITIVE' satisfies CompatibilityMode;

/** Per-topic overrides of the default mode, keyed by topic name (without prefix). */
export type CompatibilityModes = Readonly<Partial<Record<string, CompatibilityMode>>>;

export const isCompatibilityMode = (value: string): value is CompatibilityMode =>
  (COMPATIBILITY_MODES as readonly string[]).includes(value);

export const parseCompatibilityMode = (value: string, origin: string): CompatibilityMode => {
  const upper = value.trim().toUpperCase();
  if (isCompatibilityMode(upper)) return upper;
  throw new OrderflowError(
    'CONFIG_INVALID',
    `${origin}: unknown compatibility mode ${JSON.stringify(value)}; use one of ${COMPATIBILITY_MODES.join(', ')}.`,
    { context: { origin, value } },
  );
};

export const modeOf = (modes: CompatibilityModes | undefined, topic: string): CompatibilityMode =>
  modes?.[topic] ?? DEFAULT_COMPATIBILITY_MODE;

/** Which directions a mode checks, and whether against every earlier version or only the latest. */
export interface CompatibilityRules {
  /** The new schema must read data written with the old ones. */
  backward: boolean;
  /** The old schemas must read data written with the new one. */
  forward: boolean;
  transitive: boolean;
}

export const compatibilityRules = (mode: CompatibilityMode): CompatibilityRules => ({
  backward: mode.startsWith('BACKWARD') || mode.startsWith('FULL'),
  forward: mode.startsWith('FORWARD') || mode.startsWith('FULL'),
  transitive: mode.endsWith('_TRANSITIVE'),
});
