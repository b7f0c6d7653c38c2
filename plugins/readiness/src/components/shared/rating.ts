import { ReadinessStateCounts } from '@readiness/backstage-plugin-readiness-common';

/**
 * Whether any check applies to the entity at all. An entity without one
 * holds every level vacuously; showing that as "Bronze, 0%" reads as a
 * verdict, so views call it "not rated" instead.
 */
export function isRated(counts: ReadinessStateCounts | undefined): boolean {
  if (!counts) return true;
  return Object.values(counts).some(n => n > 0);
}
