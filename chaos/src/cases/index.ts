import type { ChaosCase } from '../case.types';
import { killServices } from './01-kill-services';

// One line per case, in number order: engineers adding cases each add their own line.
export const CASES: readonly ChaosCase[] = [killServices];
