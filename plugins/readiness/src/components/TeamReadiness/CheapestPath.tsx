import { InfoCard, Link } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { ReadinessGaps } from '@readiness/backstage-plugin-readiness-common';
import { Fragment } from 'react';
import { entityRoute } from '../LeaderboardPage/routes';
import { levelTitle } from '../shared';
import { cheapestPath } from './cheapestPath';

/**
 * What a tech lead reads first: the fixes that move the most services up a
 * level for the fewest checks, naming the services they move.
 */
export const CheapestPath = ({ gaps }: { gaps: ReadinessGaps }) => {
  const steps = cheapestPath(gaps);
  return (
    <InfoCard
      title="Cheapest path to the next level"
      subheader="Fixes ranked by services promoted per check to fix"
    >
      {steps.length === 0 && (
        <Typography>
          No service has a next level to reach: every one holds the highest.
        </Typography>
      )}
      <Box component="ol" pl={2} m={0} aria-label="cheapest path">
        {steps.map(step => (
          <Box
            component="li"
            key={step.checks.map(c => c.checkId).join()}
            mb={1.5}
          >
            <Typography variant="subtitle1" component="div">
              Fix {step.checks.map(c => c.title).join(' + ')}
            </Typography>
            <Typography variant="body2" color="textSecondary" component="div">
              {`promotes ${step.promotes.length} ${
                step.promotes.length === 1 ? 'service' : 'services'
              }: `}
              {step.promotes.map((s, i) => (
                <Fragment key={s.entityRef}>
                  {i > 0 && ', '}
                  <Link to={entityRoute(s.entityRef)}>{s.title}</Link>
                  {` → ${levelTitle(gaps.scorecard, s.nextLevel)}`}
                </Fragment>
              ))}
            </Typography>
          </Box>
        ))}
      </Box>
    </InfoCard>
  );
};
