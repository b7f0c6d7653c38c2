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
  EFFORT_LABELS,
  effortOf,
  firstLine,
  LevelBadge,
  levelTitle,
  oldestObservation,
  orderedBlocking,
  standingText,
  StateChip,
  useEntityScorecard,
  ErrorState,
} from '../shared';

// The card names the first few; the tab has every one with its evidence.
const SHOWN_BLOCKERS = 5;

type Card = NonNullable<
  ReturnType<typeof useEntityScorecard>['value']
>['scorecards'][number];

function status(card: Card, standing: ReturnType<typeof cardStanding>) {
  const where = standingText(card, standing);
  if (!standing.rated) return where;
  return `${where} · ${card.counts.fail} failing, ${card.counts.unknown} unknown, ${card.counts.exempt} exempt`;
}

/**
 * The overview card: level, score, the checks that block the next level in
 * the order to fix them (heaviest first, at equal weight the cheapest) each
 * with a one-line fix, and how fresh the data is. Failing checks of higher
 * levels wait: they do not stand between the entity and its next level.
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
        const blockers = orderedBlocking(card);
        const shown = blockers.slice(0, SHOWN_BLOCKERS);
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
            {rated && shown.length > 0 && (
              <>
                <Typography variant="subtitle2" style={{ marginTop: 8 }}>
                  What blocks {levelTitle(card.scorecard, card.nextLevel)}
                </Typography>
                <List dense aria-label="checks blocking the next level">
                  {shown.map(item => (
                    <ListItem key={item.check.id} disableGutters>
                      <Box mr={1}>
                        <StateChip state={item.result.state} />
                      </Box>
                      <ListItemText
                        primary={`${item.check.title} · weight ${
                          item.check.weight
                        } · ${EFFORT_LABELS[effortOf(item)]}`}
                        secondary={
                          <>
                            {firstLine(item.check.remediation) ??
                              item.result.message}
                            {item.check.links?.[0] && (
                              <>
                                {' '}
                                <Link to={item.check.links[0].url}>
                                  {item.check.links[0].title}
                                </Link>
                              </>
                            )}
                          </>
                        }
                      />
                    </ListItem>
                  ))}
                </List>
                {blockers.length > shown.length && (
                  <Typography variant="body2" color="textSecondary">
                    and {blockers.length - shown.length} more on the Readiness
                    tab
                  </Typography>
                )}
              </>
            )}
            <Link to={tabPath}>See every check</Link>
          </Box>
        );
      })}
    </InfoCard>
  );
};
