import { isReadinessResultState, READINESS_RESULT_STATES } from './results';

describe('isReadinessResultState', () => {
  it.each(READINESS_RESULT_STATES)('accepts %s', state => {
    expect(isReadinessResultState(state)).toBe(true);
  });

  it.each(['PASS', 'passed', '', undefined, 1])('rejects %p', value => {
    expect(isReadinessResultState(value)).toBe(false);
  });
});
