import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Card, CardContent, Grid, Typography } from '@material-ui/core';
import { ReadinessLeaderboardQuery } from '@readiness/backstage-plugin-readiness-common';
import useAsync from 'react-use/esm/useAsync';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { readinessApiRef } from '../../api';
import { fetchEntityTitles } from '../shared';
import { isGroupRef } from './groupRows';
import { entityRoute } from './routes';

const MOVERS = 5;

/** Most improved and biggest regressions over the window, one page each. */
export const MoversStrip = ({
  query,
}: {
  query: ReadinessLeaderboardQuery;
}) => {
  const api = useApi(readinessApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { value } = useAsync(async () => {
    const base = {
      ...query,
      page: 1,
      pageSize: MOVERS,
      orderBy: 'change' as const,
    };
    const [up, down] = await Promise.all([
      api.getLeaderboard({ ...base, order: 'desc' }),
      api.getLeaderboard({ ...base, order: 'asc' }),
    ]);
    const improved = up.items.filter(r => (r.change ?? 0) > 0);
    const regressed = down.items.filter(r => (r.change ?? 0) < 0);
    if ((query.groupBy ?? 'entity') === 'entity')
      return { improved, regressed };
    // Entities without a team or system are not a team or system that moved.
    const grouped = (rows: typeof improved) =>
      rows.filter(r => isGroupRef(r.key));
    // Teams and systems by their catalog titles, both lists in one request.
    const titles = await fetchEntityTitles(
      catalogApi,
      [...improved, ...regressed]
        .filter(r => isGroupRef(r.key))
        .map(r => r.key),
    );
    const titled = (rows: typeof improved) =>
      grouped(rows).map(r => ({ ...r, title: titles.get(r.key) ?? r.title }));
    return { improved: titled(improved), regressed: titled(regressed) };
  }, [api, catalogApi, JSON.stringify(query)]);

  const list = (
    title: string,
    rows: typeof value extends undefined ? never : any[],
  ) => (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle2">{title}</Typography>
        {rows.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No change in the last 30 days
          </Typography>
        )}
        {rows.map(r => (
          <Box key={r.key} display="flex" justifyContent="space-between">
            <Link
              to={entityRoute(
                r.key,
                query.groupBy === 'owner' ? 'readiness-gaps' : 'readiness',
              )}
            >
              {r.title}
            </Link>
            <Typography variant="body2">
              {r.change > 0 ? '+' : ''}
              {r.change}
            </Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        {list('Most improved', value?.improved ?? [])}
      </Grid>
      <Grid item xs={12} md={6}>
        {list('Biggest regressions', value?.regressed ?? [])}
      </Grid>
    </Grid>
  );
};
