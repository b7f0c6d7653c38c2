import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Chip,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  READINESS_RESULT_STATES,
  ReadinessEntityScorecard,
  ReadinessResultState,
} from '@readiness/backstage-plugin-readiness-common';
import { ReactNode, useState } from 'react';
import { levelTitle, StateChip, stateLabel } from '../shared';
import { CheckDetails } from './CheckDetails';

type Card = ReadinessEntityScorecard['scorecards'][number];
type Item = Card['checks'][number];

const stateOrder = (item: Item) =>
  READINESS_RESULT_STATES.indexOf(item.result.state);

function byCategory(items: Item[]): Array<[string, Item[]]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    groups.set(item.check.category, [
      ...(groups.get(item.check.category) ?? []),
      item,
    ]);
  }
  return [...groups.entries()]
    .map(
      ([category, list]) =>
        [
          category,
          list.sort(
            (a, b) =>
              stateOrder(a) - stateOrder(b) || b.check.weight - a.check.weight,
          ),
        ] as [string, Item[]],
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Checks by category, worst state first, with a filter by state; each
 * expands to its evidence and fix. `actions` adds buttons to an expanded
 * check (exempt, revoke).
 */
export const CheckList = ({
  card,
  items,
  actions,
}: {
  card: Card;
  items: Item[];
  actions?: (item: Item) => ReactNode;
}) => {
  const [state, setState] = useState<ReadinessResultState | 'all'>('all');
  const counts = new Map<ReadinessResultState, number>();
  for (const item of items) {
    counts.set(item.result.state, (counts.get(item.result.state) ?? 0) + 1);
  }
  const shown =
    state === 'all' ? items : items.filter(i => i.result.state === state);
  const chip = (value: ReadinessResultState | 'all', label: string) => (
    <Chip
      key={value}
      label={label}
      clickable
      color={state === value ? 'primary' : 'default'}
      variant={state === value ? 'default' : 'outlined'}
      onClick={() => setState(value)}
      aria-pressed={state === value}
    />
  );
  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        mb={2}
        style={{ gap: 8 }}
        role="group"
        aria-label="filter checks by state"
      >
        {chip('all', `All ${items.length}`)}
        {READINESS_RESULT_STATES.filter(s => counts.get(s)).map(s =>
          chip(s, `${stateLabel(s)} ${counts.get(s)}`),
        )}
      </Box>
      {shown.length === 0 && (
        <Typography color="textSecondary">No other checks.</Typography>
      )}
      {byCategory(shown).map(([category, list]) => (
        <Box mb={2} key={category}>
          <Typography variant="h6">{category}</Typography>
          {list.map(item => (
            <Accordion
              key={item.check.id}
              TransitionProps={{ unmountOnExit: true }}
            >
              <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                <Box
                  display="flex"
                  alignItems="center"
                  width="100%"
                  style={{ gap: 12 }}
                >
                  <StateChip state={item.result.state} />
                  <Box flexGrow={1}>
                    <Typography>{item.check.title}</Typography>
                    {item.result.message && (
                      <Typography variant="body2" color="textSecondary">
                        {item.result.message}
                      </Typography>
                    )}
                  </Box>
                  <Typography variant="caption" color="textSecondary">
                    {levelTitle(card.scorecard, item.check.level)} · weight{' '}
                    {item.check.weight}
                    {item.result.state === 'fail' &&
                      ` · failing since ${item.result.since.slice(0, 10)}`}
                  </Typography>
                </Box>
              </AccordionSummary>
              <AccordionDetails>
                <Box width="100%">
                  <CheckDetails item={item} />
                  {actions?.(item)}
                </Box>
              </AccordionDetails>
            </Accordion>
          ))}
        </Box>
      ))}
    </>
  );
};
