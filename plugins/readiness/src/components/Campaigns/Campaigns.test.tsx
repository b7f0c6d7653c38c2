import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ReadinessCampaign,
  ReadinessCampaignDetail,
} from '@readiness/backstage-plugin-readiness-common';
import { screen, within } from '@testing-library/react';
import { ReactNode } from 'react';
import { ReadinessApi, readinessApiRef } from '../../api';
import { serviceEntity } from '../../__testUtils__/render';
import { scorecard } from '../../__testUtils__/scorecards';
import { campaignsRouteRef } from '../../routes';
import { CampaignDetail } from './CampaignPage';
import { EntityCampaignsCard } from './EntityCampaignsCard';
import { TeamCampaignsCard } from './TeamCampaignsCard';

const campaign: ReadinessCampaign = {
  id: 'silver-by-march',
  title: 'Silver by March',
  owner: 'group:default/platform',
  target: { scorecard: 'production-readiness', level: 'silver' },
  filter: { kind: ['component'] },
  startsAt: '2027-01-01T00:00:00.000Z',
  deadline: '2099-03-31T23:59:59.999Z',
  remindDaysBefore: [7, 1],
  goalPercent: 90,
  source: 'config',
  status: 'active',
  progress: { total: 20, atTarget: 12, percent: 60 },
};

const detail: ReadinessCampaignDetail = {
  ...campaign,
  byOwner: [
    { owner: 'group:default/shop', total: 12, atTarget: 9, percent: 75 },
    { owner: 'group:default/find', total: 8, atTarget: 3, percent: 37.5 },
  ],
  history: [
    { day: '2027-01-01', total: 20, atTarget: 4, percent: 20 },
    { day: '2027-01-02', total: 20, atTarget: 8, percent: 40 },
  ],
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'Shop', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

// The definitions campaign targets are named from.
const definitions: Partial<ReadinessApi> = {
  getScorecards: async () => [scorecard],
  getChecks: async () =>
    [
      ['catalog-runbook-link', 'Runbook linked'],
      ['catalog-dashboard-link', 'Dashboard linked'],
    ].map(([id, title]) => ({
      id,
      title,
      category: 'Operations',
      scorecard: 'production-readiness',
      level: 'silver',
      weight: 2,
      facts: ['catalog.links'],
      expression: 'true',
      origin: 'catalog.yaml',
    })),
};

// Groups by their catalog titles, as the app's presentation API gives them.
const presentation = {
  forEntity: (ref: string | Entity) => {
    const name = typeof ref === 'string' ? ref.split('/').pop()! : '';
    const title = `${name.charAt(0).toUpperCase()}${name.slice(1)} team`;
    const snapshot = { entityRef: String(ref), primaryTitle: title };
    return {
      snapshot,
      update$: undefined,
      promise: Promise.resolve(snapshot),
    };
  },
};

function render(
  element: ReactNode,
  api: Partial<ReadinessApi>,
  entity: Entity = serviceEntity,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [readinessApiRef, { ...definitions, ...api }],
        [entityPresentationApiRef, presentation],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/readiness/campaigns': campaignsRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('campaigns', () => {
  it('shows a service the campaigns it is in and what it still lacks, linked to each campaign', async () => {
    const getEntityCampaigns = jest.fn(async () => [
      {
        campaign,
        atTarget: false,
        lacking: [
          { checkId: 'probes', title: 'Probes defined', state: 'fail' },
          { checkId: 'alerts', title: 'Alerts routed', state: 'unknown' },
        ],
      },
    ]);
    await render(<EntityCampaignsCard />, { getEntityCampaigns });
    const link = await screen.findByRole('link', { name: 'Silver by March' });
    expect(link).toHaveAttribute(
      'href',
      '/readiness/campaigns/silver-by-march',
    );
    expect(
      screen.getByText(
        'Still lacks: Probes defined (fail), Alerts routed (unknown)',
      ),
    ).toBeInTheDocument();
    // The target by the titles of its scorecard and level, not their ids.
    expect(
      await screen.findByText(/Silver on Production Readiness by 2099-03-31/),
    ).toBeInTheDocument();
    expect(getEntityCampaigns).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('names the checks a campaign asks for by their titles', async () => {
    await render(<CampaignDetail id="runbooks" />, {
      getCampaign: async () => ({
        ...detail,
        id: 'runbooks',
        title: 'Runbooks and dashboards',
        target: { checks: ['catalog-runbook-link', 'catalog-dashboard-link'] },
      }),
      getCampaignEntities: async () => [],
    });
    expect(
      await screen.findByText('Runbook linked and Dashboard linked pass'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/catalog-runbook-link/)).not.toBeInTheDocument();
    expect(screen.getByText('Platform team')).toBeInTheDocument();
  });

  it('says so when no campaign covers the service', async () => {
    await render(<EntityCampaignsCard />, {
      getEntityCampaigns: async () => [],
    });
    expect(
      await screen.findByText('No running campaign covers this.'),
    ).toBeInTheDocument();
  });

  it("lists a team's campaigns with the team's own figures", async () => {
    const listCampaigns = jest.fn(async () => [
      { ...campaign, progress: { total: 12, atTarget: 9, percent: 75 } },
    ]);
    await render(<TeamCampaignsCard />, { listCampaigns }, group);
    expect(
      await screen.findByText('9 of 12 at target (75%) · goal 90%'),
    ).toBeInTheDocument();
    expect(screen.getByText("This team's progress")).toBeInTheDocument();
    expect(listCampaigns).toHaveBeenCalledWith({ owner: 'group:default/shop' });
  });

  it('shows a campaign with its burn-up, its teams, weakest first, and its lagging entities', async () => {
    const getCampaignEntities = jest.fn(async () => [
      {
        entityRef: 'component:default/search',
        owner: 'group:default/find',
        atTarget: false,
        lacking: [
          { checkId: 'probes', title: 'Probes defined', state: 'fail' },
        ],
      },
    ]);
    await render(<CampaignDetail id="silver-by-march" />, {
      getCampaign: async () => detail,
      getCampaignEntities,
    });
    expect(await screen.findByText('Silver by March')).toBeInTheDocument();
    expect(screen.getByLabelText('campaign burn-up')).toBeInTheDocument();
    const teams = within(screen.getByLabelText('progress by team'))
      .getAllByRole('row')
      .slice(1)
      .map(row => row.textContent);
    // Teams by their titles, weakest first.
    expect(teams).toEqual(['Find team3 of 837.5%', 'Shop team9 of 1275%']);
    expect(
      await screen.findByText('Probes defined (fail)'),
    ).toBeInTheDocument();
    expect(getCampaignEntities).toHaveBeenCalledWith('silver-by-march');
  });

  it('shows how an ended campaign ended, without the entity list', async () => {
    await render(<CampaignDetail id="silver-by-march" />, {
      getCampaign: async () => ({
        ...detail,
        status: 'missed',
        finalizedAt: '2027-04-01T00:00:00.000Z',
      }),
      getCampaignEntities: async () => {
        throw new Error('not called for an ended campaign');
      },
    });
    expect(
      await screen.findByText(
        'Ended missed on 2027-04-01 with 12 of 20 at target (60%).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('covered entities')).not.toBeInTheDocument();
  });
});
