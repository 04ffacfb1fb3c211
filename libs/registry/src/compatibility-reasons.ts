import type { Type } from 'avsc';

import { compatibilityRules } from './compatibility-mode';
import type { CompatibilityMode } from './compatibility-mode';
import { findResolutionProblem } from './type-resolution';

/** A schema with the name messages use for it (`schemas/order.created/v2.avsc`, `registered version 1`). */
export interface LabelledSchema {
  label: string;
  type: Type;
}

/**
 * Why `candidate` breaks `mode` against `previous` (oldest first), one reason per failing pair; empty when
 * it is compatible. Computed locally because some registries (Apicurio) answer only true or false.
 */
export const incompatibilityReasons = ({
  mode,
  candidate,
  previous,
}: {
  mode: CompatibilityMode;
  candidate: LabelledSchema;
  previous: LabelledSchema[];
}): string[] => {
  const rules = compatibilityRules(mode);
  const against = rules.transitive ? previous : previous.slice(-1);
  return against.flatMap((old) => {
    const reasons: string[] = [];
    const backward = rules.backward
      ? findResolutionProblem({ reader: candidate.type, writer: old.type, writerLabel: old.label })
      : undefined;
    if (backward !== undefined)
      reasons.push(`${candidate.label} cannot read data written with ${old.label}: ${backward}`);
    const forward = rules.forward
      ? findResolutionProblem({ reader: old.type, writer: candidate.type, writerLabel: candidate.label })
      : undefined;
    if (forward !== undefined)
      reasons.push(`${old.label} cannot read data written with ${candidate.label}: ${forward}`);
    return reasons;
  });
};
