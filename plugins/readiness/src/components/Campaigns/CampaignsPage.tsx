import { Content, Header, InfoCard, Page } from '@backstage/core-components';
import { Route, Routes, useParams } from 'react-router-dom';
import { CampaignList } from './CampaignList';
import { CampaignDetail } from './CampaignPage';

const CampaignById = () => {
  const { id } = useParams();
  return <CampaignDetail id={id ?? ''} />;
};

/**
 * The campaigns page: every campaign at its root, one campaign at `/:id`.
 * Mounted at `/readiness/campaigns` by convention, where reminders link.
 */
export const ReadinessCampaignsPage = () => (
  <Page themeId="tool">
    <Header
      title="Readiness campaigns"
      subtitle="Goals with deadlines across teams"
    />
    <Content>
      <Routes>
        <Route
          path="/"
          element={
            <InfoCard title="Campaigns">
              <CampaignList />
            </InfoCard>
          }
        />
        <Route path="/:id" element={<CampaignById />} />
      </Routes>
    </Content>
  </Page>
);
