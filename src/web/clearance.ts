import type { Clearance } from '../config';

export const CLASSIFICATIONS: readonly Clearance[] = ['unclassified', 'restricted', 'confidential'];

/** The classifications a user with this clearance may see, lowest first. */
export function visibleClassifications(clearance: Clearance): Clearance[] {
  return CLASSIFICATIONS.slice(0, CLASSIFICATIONS.indexOf(clearance) + 1);
}
