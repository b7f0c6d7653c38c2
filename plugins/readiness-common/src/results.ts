/**
 * The outcome of one check for one entity.
 *
 * - `pass` / `fail`: the expression evaluated to true / false.
 * - `unknown`: a fact the check reads is missing or stale.
 * - `exempt`: an active exemption waives the check.
 * - `error`: the expression could not be evaluated.
 *
 * @public
 */
export type ReadinessResultState =
  | 'pass'
  | 'fail'
  | 'unknown'
  | 'exempt'
  | 'error';

/**
 * All result states, in the order views list them (worst first).
 *
 * @public
 */
export const READINESS_RESULT_STATES: readonly ReadinessResultState[] = [
  'fail',
  'error',
  'unknown',
  'exempt',
  'pass',
];

/**
 * Narrows an untrusted string to a result state.
 *
 * @public
 */
export function isReadinessResultState(
  value: unknown,
): value is ReadinessResultState {
  return (
    typeof value === 'string' &&
    (READINESS_RESULT_STATES as readonly string[]).includes(value)
  );
}
