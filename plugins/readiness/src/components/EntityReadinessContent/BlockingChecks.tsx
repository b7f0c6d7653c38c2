import { InfoCard, Link, MarkdownContent } from '@backstage/core-components';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';
import { ReactNode } from 'react';
import {
  EFFORT_LABELS,
  effortOf,
  levelTitle,
  orderedBlocking,
  StateChip,
} from '../shared';
import { EvidenceList } from './CheckDetails';

type Card = ReadinessEntityScorecard['scorecards'][number];
type Item = Card['checks'][number];

/**
 * The first thing on the Readiness tab: what stands between the entity and
 * its next level, in the order to fix it, each with its fix.
 */
export const BlockingChecks = ({
  card,
  actions,
}: {
  card: Card;
  actions?: (item: Item) => ReactNode;
}) => {
  if (!card.nextLevel) {
    return (
      <InfoCard title="Highest level reached">
        <Typography variant="body2">
          Every check of every level passes or is exempt.
        </Typography>
      </InfoCard>
    );
  }
  const next = levelTitle(card.scorecard, card.nextLevel);
  const items = orderedBlocking(card);
  return (
    <InfoCard
      title={`What blocks ${next}`}
      subheader={`${items.length} ${
        items.length === 1 ? 'check' : 'checks'
      }, heaviest first; at equal weight, the cheapest fix first`}
    >
      <Box component="ol" pl={2} m={0} aria-label="blocking checks">
        {items.map(item => (
          <Box component="li" key={item.check.id} mb={2}>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <StateChip state={item.result.state} />
              <Typography variant="subtitle1" component="span">
                {item.check.title}
              </Typography>
              <Typography variant="caption" color="textSecondary">
                {levelTitle(card.scorecard, item.check.level)} · weight{' '}
                {item.check.weight} · {EFFORT_LABELS[effortOf(item)]}
                {item.result.state === 'fail' &&
                  ` · failing since ${item.result.since.slice(0, 10)}`}
              </Typography>
            </Box>
            {item.result.message && (
              <Typography variant="body2" color="textSecondary">
                {item.result.message}
              </Typography>
            )}
            {item.check.remediation && (
              <Box aria-label={`fix for ${item.check.id}`}>
                <MarkdownContent content={item.check.remediation} />
              </Box>
            )}
            {item.check.links && item.check.links.length > 0 && (
              <Typography variant="body2">
                {item.check.links.map(l => (
                  <Box component="span" mr={2} key={l.url}>
                    <Link to={l.url}>{l.title}</Link>
                  </Box>
                ))}
              </Typography>
            )}
            <Accordion
              variant="outlined"
              TransitionProps={{ unmountOnExit: true }}
            >
              <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                <Typography variant="body2">
                  Evidence: {item.result.evidence.length}{' '}
                  {item.result.evidence.length === 1 ? 'fact' : 'facts'}
                </Typography>
              </AccordionSummary>
              <AccordionDetails>
                <EvidenceList item={item} />
              </AccordionDetails>
            </Accordion>
            {actions?.(item)}
          </Box>
        ))}
      </Box>
    </InfoCard>
  );
};
