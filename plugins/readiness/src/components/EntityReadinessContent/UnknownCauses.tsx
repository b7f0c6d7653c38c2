import { InfoCard } from '@backstage/core-components';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ReadinessEntityScorecard } from '@readiness/backstage-plugin-readiness-common';
import { ReadinessCollectorInfo } from '../../api';
import { groupUnknownsByCause, UnknownCause } from './unknownCauses';

type Item = ReadinessEntityScorecard['scorecards'][number]['checks'][number];

function heading(cause: UnknownCause): string {
  const count = `${cause.items.length} ${
    cause.items.length === 1 ? 'check' : 'checks'
  }`;
  const since = cause.since ? ` since ${cause.since.slice(0, 10)}` : '';
  return `${cause.label}${since}: ${count}`;
}

/**
 * Unknown results, one line per cause: most unknowns say something about
 * the portal's data sources, not about the service, and read as such.
 */
export const UnknownCauses = ({
  items,
  collectors,
}: {
  items: Item[];
  collectors?: ReadinessCollectorInfo[];
}) => {
  const causes = groupUnknownsByCause(items, collectors);
  if (causes.length === 0) return null;
  const total = causes.reduce((n, c) => n + c.items.length, 0);
  return (
    <InfoCard
      title={`Why ${total} ${total === 1 ? 'check is' : 'checks are'} unknown`}
    >
      <div aria-label="unknown causes">
        {causes.map(cause => (
          <Accordion
            key={cause.key}
            TransitionProps={{ unmountOnExit: true }}
            variant="outlined"
          >
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <Typography>{heading(cause)}</Typography>
            </AccordionSummary>
            <AccordionDetails>
              <Typography variant="body2" component="ul" style={{ margin: 0 }}>
                {cause.items.map(item => (
                  <li key={item.check.id}>
                    {item.check.title}
                    {item.result.message && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="span"
                      >
                        {` — ${item.result.message}`}
                      </Typography>
                    )}
                  </li>
                ))}
              </Typography>
            </AccordionDetails>
          </Accordion>
        ))}
      </div>
    </InfoCard>
  );
};
