import { Chip } from '@material-ui/core';
import EmojiEventsIcon from '@material-ui/icons/EmojiEvents';
import { ReadinessScorecard } from '@readiness/backstage-plugin-readiness-common';

const LEVEL_COLORS = ['#8d6e63', '#90a4ae', '#f9a825', '#26a69a', '#5c6bc0'];

/**
 * The level an entity holds on a scorecard, "No level", or "Not rated" when
 * no check applies to it (`rated` false).
 */
export const LevelBadge = ({
  scorecard,
  level,
  rated = true,
}: {
  scorecard?: { levels: ReadinessScorecard['levels'] };
  level?: string;
  rated?: boolean;
}) => {
  if (!rated) {
    return (
      <Chip
        label="Not rated"
        size="small"
        variant="outlined"
        aria-label="level Not rated"
      />
    );
  }
  const index = scorecard?.levels.findIndex(l => l.id === level) ?? -1;
  const title =
    index >= 0 ? scorecard!.levels[index].title : level ?? 'No level';
  return (
    <Chip
      icon={<EmojiEventsIcon style={{ color: 'inherit' }} />}
      label={title}
      size="small"
      style={
        index >= 0
          ? {
              backgroundColor: LEVEL_COLORS[index % LEVEL_COLORS.length],
              color: '#fff',
            }
          : undefined
      }
      aria-label={`level ${title}`}
    />
  );
};

export function levelTitle(
  scorecard: { levels: ReadinessScorecard['levels'] } | undefined,
  level: string | undefined,
): string {
  return (
    scorecard?.levels.find(l => l.id === level)?.title ?? level ?? 'No level'
  );
}
