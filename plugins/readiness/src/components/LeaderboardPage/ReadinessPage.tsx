import { Content, Header, Page } from '@backstage/core-components';
import {
  Box,
  FormControlLabel,
  Grid,
  MenuItem,
  Switch,
  Tab,
  Tabs,
  TextField,
} from '@material-ui/core';
import { ReadinessLeaderboardQuery } from '@readiness/backstage-plugin-readiness-common';
import { useState } from 'react';
import { useDebounce } from 'react-use';
import { LeaderboardTable } from './LeaderboardTable';
import { MoversStrip } from './MoversStrip';
import { CollectorsTable } from '../ReadinessPage';

const GROUPINGS = [
  { groupBy: 'entity', label: 'Services' },
  { groupBy: 'owner', label: 'Teams' },
  { groupBy: 'system', label: 'Systems' },
] as const;

const KINDS = ['', 'Component', 'API', 'System', 'Resource'];
const LIFECYCLES = ['', 'production', 'experimental', 'deprecated'];

/** Leaderboards of services, teams and systems, with filters. */
export const ReadinessLeaderboardPage = () => {
  const [tab, setTab] = useState(0);
  // Services are components; other kinds are one filter away.
  const [filters, setFilters] = useState({
    kind: 'Component',
    type: '',
    lifecycle: '',
    owner: '',
    system: '',
    q: '',
  });
  const [debounced, setDebounced] = useState(filters);
  // A team's row counts its sub-teams' entities unless asked for its own.
  const [directOnly, setDirectOnly] = useState(false);
  useDebounce(() => setDebounced(filters), 300, [filters]);

  const grouping = GROUPINGS[Math.min(tab, GROUPINGS.length - 1)];
  const query: ReadinessLeaderboardQuery = {
    groupBy: grouping.groupBy,
    orderBy: 'level',
    order: 'desc',
    ...Object.fromEntries(Object.entries(debounced).filter(([, v]) => v)),
    ...(grouping.groupBy === 'owner' && directOnly ? { directOnly } : {}),
  };
  const field = (
    name: keyof typeof filters,
    label: string,
    options?: string[],
  ) => (
    <Grid item xs={6} md={2}>
      <TextField
        select={Boolean(options)}
        fullWidth
        label={label}
        value={filters[name]}
        onChange={e => setFilters({ ...filters, [name]: e.target.value })}
        inputProps={{
          'aria-label': `filter by ${label.toLocaleLowerCase('en-US')}`,
        }}
      >
        {options?.map(o => (
          <MenuItem key={o} value={o}>
            {o || 'Any'}
          </MenuItem>
        ))}
      </TextField>
    </Grid>
  );

  return (
    <Page themeId="tool">
      <Header
        title="Readiness"
        subtitle="Production readiness of services, teams and systems"
      />
      <Content>
        <Tabs
          value={tab}
          onChange={(_, v) => setTab(v)}
          indicatorColor="primary"
        >
          {GROUPINGS.map(g => (
            <Tab key={g.groupBy} label={g.label} />
          ))}
          <Tab label="Collectors" />
        </Tabs>
        {tab === GROUPINGS.length ? (
          <Box mt={2}>
            <CollectorsTable />
          </Box>
        ) : (
          <>
            <Box my={2}>
              <Grid container spacing={2}>
                {field('q', 'Search')}
                {field('kind', 'Kind', KINDS)}
                {field('type', 'Type')}
                {field('lifecycle', 'Lifecycle', LIFECYCLES)}
                {field('owner', 'Owner')}
                {field('system', 'System')}
                {grouping.groupBy === 'owner' && (
                  <Grid item xs={12} md={2}>
                    <FormControlLabel
                      control={
                        <Switch
                          checked={!directOnly}
                          onChange={(_e, checked) => setDirectOnly(!checked)}
                          color="primary"
                          inputProps={{ 'aria-label': 'count sub-teams' }}
                        />
                      }
                      label={
                        directOnly ? 'Own entities only' : 'With sub-teams'
                      }
                    />
                  </Grid>
                )}
              </Grid>
            </Box>
            <Box mb={2}>
              <MoversStrip query={query} />
            </Box>
            <LeaderboardTable query={query} title={grouping.label} />
          </>
        )}
      </Content>
    </Page>
  );
};
