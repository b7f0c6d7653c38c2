import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { ReadinessGaps } from '@readiness/backstage-plugin-readiness-common';
import { stateColor, stateLabel } from '../shared';
import { entityRoute } from '../LeaderboardPage/routes';

// A letter in every cell, so the map reads without colour too.
const SYMBOL: Record<string, string> = {
  pass: '✓',
  fail: '✗',
  unknown: '?',
  exempt: 'E',
  error: '!',
};

/** The team's services × checks, one cell per result. */
export const Heatmap = ({ gaps }: { gaps: ReadinessGaps }) => {
  // Kind beside the title: a system, its API and its service may share a name.
  const titles = new Map(
    gaps.entities.map(e => [
      e.entityRef,
      e.kind === 'component' ? e.title : `${e.title} (${e.kind})`,
    ]),
  );
  return (
    <Box overflow="auto" aria-label="readiness heatmap">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            {gaps.checks.map(c => (
              <TableCell
                key={c.id}
                style={{ writingMode: 'vertical-rl', whiteSpace: 'nowrap' }}
              >
                <Tooltip title={`${c.title} (${c.category}, ${c.level})`}>
                  <span>{c.title}</span>
                </Tooltip>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {gaps.matrix.map(row => (
            <TableRow key={row.entityRef}>
              <TableCell style={{ whiteSpace: 'nowrap' }}>
                <Link to={entityRoute(row.entityRef)}>
                  {titles.get(row.entityRef) ?? row.entityRef}
                </Link>
              </TableCell>
              {gaps.checks.map(c => {
                const state = row.states[c.id];
                return (
                  <TableCell
                    key={c.id}
                    align="center"
                    aria-label={
                      state
                        ? `${c.title}: ${stateLabel(state)}`
                        : `${c.title}: not applicable`
                    }
                    style={{
                      backgroundColor: state
                        ? `${stateColor(state)}33`
                        : undefined,
                      color: state ? stateColor(state) : undefined,
                      fontWeight: 600,
                    }}
                  >
                    {state ? SYMBOL[state] : ''}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary">
        ✓ pass · ✗ fail · ? unknown · E exempt · ! error · empty: does not apply
      </Typography>
    </Box>
  );
};
