import { entityScorecard } from '../../__testUtils__/scorecards';
import { cardStanding, rollupStanding } from './standing';
import { standingText } from './standingText';

const card = entityScorecard.scorecards[0];
const none = { pass: 0, fail: 0, unknown: 0, exempt: 0, error: 0 };

/** A card with no Bronze check at all and one failing Silver check. */
const onlyFailingSilver = {
  ...card,
  level: 'bronze',
  levelIndex: 1,
  nextLevel: 'silver',
  blocking: ['runbook'],
  score: 0,
  counts: { ...none, fail: 1 },
  checks: card.checks.filter(c => c.check.id === 'runbook'),
};

describe('standing', () => {
  it('keeps a level earned by a passing check at or below it', () => {
    expect(cardStanding(card)).toEqual({
      rated: true,
      level: 'bronze',
      vacuous: false,
    });
    expect(standingText(card, cardStanding(card))).toBe(
      '1 check blocks Silver',
    );
  });

  it('holds no level when no Bronze check applies and Silver fails', () => {
    const standing = cardStanding(onlyFailingSilver);
    expect(standing).toEqual({ rated: true, vacuous: true });
    expect(standingText(onlyFailingSilver, standing)).toBe(
      'No level yet: 1 check blocks Silver (no Bronze check applies to it)',
    );
  });

  it('does not count a passing check above the level as evidence for it', () => {
    const goldOnly = {
      ...onlyFailingSilver,
      counts: { ...none, fail: 1, pass: 1 },
      checks: [
        ...onlyFailingSilver.checks,
        {
          ...card.checks[2],
          result: { ...card.checks[2].result, state: 'pass' as const },
        },
      ],
    };
    expect(cardStanding(goldOnly).vacuous).toBe(true);
  });

  it('is not rated when no check of any level applies', () => {
    const empty = { ...card, counts: none, checks: [] };
    expect(cardStanding(empty)).toEqual({ rated: false, vacuous: false });
    expect(standingText(empty, cardStanding(empty))).toMatch(/^Not rated/);
  });

  it('reads a rollup without a satisfied check as holding no level', () => {
    expect(
      rollupStanding({ level: 'bronze', counts: { ...none, fail: 3 } }),
    ).toEqual({ rated: true, vacuous: true });
    expect(
      rollupStanding({ level: 'bronze', counts: { ...none, exempt: 1 } }),
    ).toEqual({ rated: true, level: 'bronze', vacuous: false });
    expect(rollupStanding({ level: 'gold', counts: none }).rated).toBe(false);
    // Team and system rows carry no counts of their own.
    expect(rollupStanding(undefined, 'silver')).toEqual({
      rated: true,
      level: 'silver',
      vacuous: false,
    });
  });
});
