import { Content, Header, Page } from '@backstage/core-components';
import { CollectorsTable } from './CollectorsTable';

/** The readiness overview page of the portal. */
export const ReadinessPage = () => (
  <Page themeId="tool">
    <Header
      title="Readiness"
      subtitle="Production readiness scorecards, evaluated from live facts"
    />
    <Content>
      <CollectorsTable />
    </Content>
  </Page>
);
