import { InfoCard, Link, Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import { entityRoute } from '../LeaderboardPage/routes';
import { LevelBadge, ErrorState, rollupStanding } from '../shared';

/** Home page card: readiness of the services the signed-in user's teams own. */
export const MyServicesCard = () => {
  const identityApi = useApi(identityApiRef);
  const api = useApi(readinessApiRef);
  const { value, loading, error } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const groups = ownershipEntityRefs.filter(r => r.startsWith('group:'));
    const boards = await Promise.all(
      groups.map(owner =>
        api.getLeaderboard({
          owner,
          pageSize: 20,
          orderBy: 'score',
          order: 'asc',
        }),
      ),
    );
    return boards.flatMap(b =>
      b.items.map(item => ({ ...item, scorecard: b.scorecard })),
    );
  }, [identityApi, api]);

  return (
    <InfoCard title="My services' readiness">
      {loading && <Progress />}
      {error && (
        <ErrorState title="Readiness could not be loaded" error={error} />
      )}
      {value && value.length === 0 && (
        <Typography variant="body2">
          Your teams own no services with readiness checks.
        </Typography>
      )}
      <List dense>
        {value?.map(row => {
          const standing = rollupStanding(row.entity, row.level);
          return (
            <ListItem key={row.key} disableGutters>
              <ListItemText
                primary={<Link to={entityRoute(row.key)}>{row.title}</Link>}
                secondary={
                  standing.rated
                    ? `${row.score}% · ${row.failing} failing`
                    : 'no check applies'
                }
              />
              <LevelBadge
                scorecard={row.scorecard}
                level={standing.level}
                rated={standing.rated}
              />
            </ListItem>
          );
        })}
      </List>
    </InfoCard>
  );
};
