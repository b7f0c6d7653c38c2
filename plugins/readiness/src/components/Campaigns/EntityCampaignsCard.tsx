import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import { ErrorState } from '../shared';
import { lackText } from './CampaignEntities';
import { useTargetNames } from './useTargetNames';
import { deadlineText, targetText } from './campaignText';
import { useCampaignLink } from './useCampaignLink';

/** Campaigns this service is in, and what it still lacks for each. */
export const EntityCampaignsCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(readinessApiRef);
  const link = useCampaignLink();
  const names = useTargetNames();
  const { value, loading, error } = useAsync(
    () => api.getEntityCampaigns(entityRef),
    [api, entityRef],
  );
  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ErrorState title="Campaigns could not be loaded" error={error} />;
  } else if (!value || value.length === 0) {
    body = (
      <Typography variant="body2">No running campaign covers this.</Typography>
    );
  } else {
    body = (
      <List dense disablePadding>
        {value.map(({ campaign, atTarget, lacking }) => (
          <ListItem key={campaign.id} disableGutters>
            <ListItemText
              primary={
                <>
                  {link ? (
                    <Link to={link(campaign.id)}>{campaign.title}</Link>
                  ) : (
                    campaign.title
                  )}{' '}
                  · {targetText(campaign.target, names)} by{' '}
                  {deadlineText(campaign)}
                </>
              }
              secondary={
                atTarget
                  ? 'At target'
                  : `Still lacks: ${lackText(lacking) || 'the target level'}`
              }
            />
          </ListItem>
        ))}
      </List>
    );
  }
  return <InfoCard title="Campaigns">{body}</InfoCard>;
};
