import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CampaignList } from './CampaignList';

/** A team's campaigns, with the team's own figures in each. */
export const TeamCampaignsCard = () => {
  const { entity } = useEntity();
  return (
    <InfoCard title="Campaigns">
      <CampaignList
        owner={stringifyEntityRef(entity).toLocaleLowerCase('en-US')}
      />
    </InfoCard>
  );
};
