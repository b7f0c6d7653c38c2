import {
  Box,
  FormControlLabel,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { ReadinessGaps } from '@readiness/backstage-plugin-readiness-common';
import { useState } from 'react';
import { levelTitle, stateColor, stateLabel } from '../shared';
import { entityRoute } from '../LeaderboardPage/routes';
import { gapColumns } from './gapColumns';

// A letter in every cell, so the map reads without colour too.
const SYMBOL: Record<string, string> = {
  pass: '✓',
  fail: '✗',
  unknown: '?',
  exempt: 'E',
  error: '!',
};

// Sticky headers and a sticky first column keep a team of 50 services and
// 150 checks readable: the check and the service of a cell stay in view
// while the map scrolls both ways inside its own box.
const useStyles = makeStyles(theme => ({
  scroller: { maxHeight: '70vh', overflow: 'auto' },
  corner: {
    position: 'sticky',
    left: 0,
    top: 0,
    zIndex: 3,
    backgroundColor: theme.palette.background.paper,
    verticalAlign: 'bottom',
  },
  column: {
    backgroundColor: theme.palette.background.paper,
    padding: theme.spacing(0.5),
    verticalAlign: 'bottom',
  },
  columnTitle: {
    writingMode: 'vertical-rl',
    transform: 'rotate(180deg)',
    whiteSpace: 'nowrap',
    maxHeight: 200,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  service: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    whiteSpace: 'nowrap',
    backgroundColor: theme.palette.background.paper,
  },
  cell: { padding: theme.spacing(0.5), minWidth: 28, fontWeight: 600 },
}));

/**
 * The team's services × the checks that fail or are unknown somewhere,
 * the most impactful check (services affected × weight) first.
 */
export const Heatmap = ({ gaps }: { gaps: ReadinessGaps }) => {
  const classes = useStyles();
  const [showSatisfied, setShowSatisfied] = useState(false);
  const { columns: gapCols, satisfied } = gapColumns(gaps);
  const gapIds = new Set(gapCols.map(c => c.id));
  const columns = [
    ...gapCols.map(c => ({
      ...c,
      hint: `${c.affected} ${
        c.affected === 1 ? 'service' : 'services'
      } × weight ${c.weight}`,
    })),
    ...(showSatisfied
      ? gaps.checks
          .filter(c => !gapIds.has(c.id))
          .map(c => ({ ...c, hint: 'passes or is exempt everywhere' }))
      : []),
  ];
  // Kind beside the title: a system, its API and its service may share a name.
  const titles = new Map(
    gaps.entities.map(e => [
      e.entityRef,
      e.kind === 'component' ? e.title : `${e.title} (${e.kind})`,
    ]),
  );
  return (
    <Box aria-label="readiness heatmap">
      {satisfied > 0 && (
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={showSatisfied}
              onChange={e => setShowSatisfied(e.target.checked)}
            />
          }
          label={`Also show the ${satisfied} ${
            satisfied === 1 ? 'check' : 'checks'
          } every service passes or is exempt from`}
        />
      )}
      {columns.length === 0 ? (
        <Typography>
          Every check passes or is exempt for every service.
        </Typography>
      ) : (
        <Box className={classes.scroller}>
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell className={classes.corner}>Service</TableCell>
                {columns.map(c => (
                  <TableCell
                    key={c.id}
                    className={classes.column}
                    aria-label={c.title}
                    // The ordering key, for end-to-end checks of the order.
                    data-impact={'impact' in c ? c.impact : 0}
                  >
                    <Tooltip
                      title={`${c.title} — ${c.category}, ${levelTitle(
                        gaps.scorecard,
                        c.level,
                      )}; ${c.hint}`}
                    >
                      <div className={classes.columnTitle}>{c.title}</div>
                    </Tooltip>
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {gaps.matrix.map(row => (
                <TableRow key={row.entityRef} hover>
                  <TableCell className={classes.service} component="th">
                    <Link to={entityRoute(row.entityRef)}>
                      {titles.get(row.entityRef) ?? row.entityRef}
                    </Link>
                  </TableCell>
                  {columns.map(c => {
                    const state = row.states[c.id];
                    return (
                      <TableCell
                        key={c.id}
                        align="center"
                        className={classes.cell}
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
        </Box>
      )}
      <Typography variant="caption" color="textSecondary">
        Columns: checks that fail or are unknown somewhere, by services affected
        × weight. ✓ pass · ✗ fail · ? unknown · E exempt · ! error · empty: does
        not apply
      </Typography>
    </Box>
  );
};
