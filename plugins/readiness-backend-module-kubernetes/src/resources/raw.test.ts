import { asTimestamp, conditionMessage, conditionTrue } from './raw';

describe('raw object helpers', () => {
  it('normalises timestamps from Dates and strings, rejecting garbage', () => {
    expect(asTimestamp(new Date('2026-01-01T00:00:00Z'))).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(asTimestamp('2026-01-01T00:00:00Z')).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(asTimestamp('yesterday')).toBeNull();
    expect(asTimestamp(42)).toBeNull();
  });

  it('reads conditions defensively', () => {
    const status = {
      conditions: [{ type: 'Ready', status: 'False', reason: 'Pending' }],
    };
    expect(conditionTrue(status, 'Ready')).toBe(false);
    expect(conditionMessage(status, 'Ready')).toBe('Pending');
    expect(conditionTrue({ conditions: 'broken' }, 'Ready')).toBe(false);
    expect(conditionTrue(undefined, 'Ready')).toBe(false);
  });
});
