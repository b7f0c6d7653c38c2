import { InfoCard, Link, Progress } from '@backstage/core-components';
import {
  Box,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { ResponseError } from '@backstage/errors';
import {
  ago,
  cardStanding,
  firstLine,
  LevelBadge,
  oldestObservation,
  standingText,
  StateChip,
  useEntityScorecard,
  ErrorState,
} from '../shared';

const TOP_FAILING = 3;

type Card = NonNullable<
  ReturnType<typeof useEntityScorecard>['value']
>['scorecards'][number];

function status(card: Card, standing: ReturnType<typeof cardStanding>) {
  const where = standingText(card, standing);
  if (!standing.rated) return where;
  return `${where} · ${card.counts.fail} failing, ${card.counts.unknown} unknown, ${card.counts.exempt} exempt`;
}

/**
 * The overview card: level, score, what blocks the next level, the heaviest
 * failing checks with a one-line fix, and how fresh the data is.
 */
export const EntityReadinessCard = (props: { tabPath?: string }) => {
  const { value, loading, error } = useEntityScorecard();
  const tabPath = props.tabPath ?? 'readiness';

  if (loading) {
    return (
      <InfoCard title="Readiness">
        <Progress />
      </InfoCard>
    );
  }
  if (error && (error as ResponseError).statusCode === 404) {
    return (
      <InfoCard title="Readiness">
        <Typography variant="body2">
          No readiness data for this entity yet. Scorecards appear after the
          next collection.
        </Typography>
      </InfoCard>
    );
  }
  if (error) {
    return <ErrorState title="Readiness could not be loaded" error={error} />;
  }
  if (!value || value.scorecards.length === 0) {
    return (
      <InfoCard title="Readiness">
        <Typography variant="body2">
          No readiness checks apply to this entity.
        </Typography>
      </InfoCard>
    );
  }

  const freshness = oldestObservation(value.facts);
  return (
    <InfoCard
      title="Readiness"
      deepLink={{ title: 'All checks', link: tabPath }}
      subheader={`Data observed ${ago(freshness)}`}
    >
      {value.scorecards.map(card => {
        const failing = card.checks
          .filter(c => c.result.state === 'fail' || c.result.state === 'error')
          .sort((a, b) => b.check.weight - a.check.weight)
          .slice(0, TOP_FAILING);
        const standing = cardStanding(card);
        const rated = standing.rated;
        return (
          <Box key={card.scorecardId} mb={2}>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="subtitle1">
                {card.scorecard?.title ?? card.scorecardId}
              </Typography>
              <LevelBadge
                scorecard={card.scorecard}
                level={standing.level}
                rated={rated}
              />
              <Typography variant="h6" component="span" aria-label="score">
                {rated ? `${card.score}%` : '—'}
              </Typography>
            </Box>
            <Typography variant="body2" color="textSecondary">
              {status(card, standing)}
            </Typography>
            {failing.length > 0 && (
              <List dense aria-label="top failing checks">
                {failing.map(({ check, result }) => (
                  <ListItem key={check.id} disableGutters>
                    <Box mr={1}>
                      <StateChip state={result.state} />
                    </Box>
                    <ListItemText
                      primary={check.title}
                      secondary={firstLine(check.remediation) ?? result.message}
                    />
                  </ListItem>
                ))}
              </List>
            )}
            <Link to={tabPath}>See every check</Link>
          </Box>
        );
      })}
    </InfoCard>
  );
};
