import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ReadinessAttestationType,
  ReadinessCampaign,
  ReadinessCampaignDetail,
  ReadinessCampaignEntity,
  ReadinessEntityCampaign,
  ReadinessCheck,
  ReadinessEntityHistory,
  ReadinessEntityScorecard,
  ReadinessEntityScorecardResponse,
  ReadinessGaps,
  ReadinessLeaderboard,
  ReadinessLeaderboardQuery,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { ReadinessApi, ReadinessCollectorInfo } from './ReadinessApi';
import { joinScorecard } from './joinScorecard';

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}

function queryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Default {@link ReadinessApi} implementation over the backend REST API.
 *
 * @public
 */
export class ReadinessClient implements ReadinessApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** Check definitions by id, with the ETag they were served with. */
  private definitions?: Promise<{
    etag?: string;
    byId: Map<string, ReadinessCheck>;
  }>;

  /**
   * The check definitions, kept for the life of the client and
   * revalidated with their ETag: an unchanged set costs a 304 with no body.
   */
  private checkDefinitions() {
    const previous = this.definitions;
    const next = (async () => {
      const known = previous
        ? await previous.catch(() => undefined)
        : undefined;
      const baseUrl = await this.options.discoveryApi.getBaseUrl('readiness');
      const response = await this.options.fetchApi.fetch(`${baseUrl}/checks`, {
        headers: known?.etag ? { 'If-None-Match': known.etag } : undefined,
      });
      if (response.status === 304 && known) {
        return known;
      }
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const body = (await response.json()) as { items: ReadinessCheck[] };
      return {
        etag: response.headers.get('ETag') ?? undefined,
        byId: new Map(body.items.map(check => [check.id, check])),
      };
    })();
    this.definitions = next;
    next.catch(() => {
      if (this.definitions === next) this.definitions = undefined;
    });
    return next;
  }

  /** Joins a scorecard response with the check definitions it refers to. */
  private async joined(
    pending: Promise<ReadinessEntityScorecardResponse>,
  ): Promise<ReadinessEntityScorecard> {
    // Revalidated with each scorecard, in parallel with it (a 304 without
    // a body when unchanged), so a page shows the definitions the backend
    // serves now, thresholds and weights included.
    const [response, checks] = await Promise.all([
      pending,
      this.checkDefinitions(),
    ]);
    return joinScorecard(response, checks.byId);
  }

  async listCollectors(): Promise<ReadinessCollectorInfo[]> {
    return (
      await this.request<{ items: ReadinessCollectorInfo[] }>('/collectors')
    ).items;
  }

  async getScorecards(): Promise<ReadinessScorecard[]> {
    return (await this.request<{ items: ReadinessScorecard[] }>('/scorecards'))
      .items;
  }

  getEntityScorecard(entityRef: string): Promise<ReadinessEntityScorecard> {
    return this.joined(this.request(entityPath(entityRef)));
  }

  getEntityHistory(
    entityRef: string,
    options: { from?: string; to?: string } = {},
  ): Promise<ReadinessEntityHistory> {
    return this.request(
      `${entityPath(entityRef)}/history${queryString(options)}`,
    );
  }

  getLeaderboard(
    query: ReadinessLeaderboardQuery,
  ): Promise<ReadinessLeaderboard> {
    return this.request(`/leaderboard${queryString({ ...query })}`);
  }

  getGaps(owner: string, scorecard?: string): Promise<ReadinessGaps> {
    return this.request(`/gaps${queryString({ owner, scorecard })}`);
  }

  async getAttestationTypes(): Promise<ReadinessAttestationType[]> {
    return (
      await this.request<{ items: ReadinessAttestationType[] }>(
        '/attestation-types',
      )
    ).items;
  }

  async createExemption(
    entityRef: string,
    exemption: { checkId: string; reason: string; expiresAt: string },
  ): Promise<void> {
    await this.request(
      `${entityPath(entityRef)}/exemptions`,
      'POST',
      exemption,
    );
  }

  async revokeExemption(id: string): Promise<void> {
    await this.request(`/exemptions/${encodeURIComponent(id)}`, 'DELETE');
  }

  async recordAttestation(
    entityRef: string,
    attestation: {
      type: string;
      evidenceUrl: string;
      note?: string;
      expiresAt?: string;
    },
  ): Promise<void> {
    await this.request(
      `${entityPath(entityRef)}/attestations`,
      'POST',
      attestation,
    );
  }

  refreshEntity(entityRef: string): Promise<ReadinessEntityScorecard> {
    return this.joined(
      this.request(`${entityPath(entityRef)}/refresh`, 'POST'),
    );
  }

  async listCampaigns(
    options: { owner?: string } = {},
  ): Promise<ReadinessCampaign[]> {
    return (
      await this.request<{ items: ReadinessCampaign[] }>(
        `/campaigns${queryString(options)}`,
      )
    ).items;
  }

  getCampaign(id: string): Promise<ReadinessCampaignDetail> {
    return this.request(`/campaigns/${encodeURIComponent(id)}`);
  }

  async getCampaignEntities(
    id: string,
    options: { owner?: string } = {},
  ): Promise<ReadinessCampaignEntity[]> {
    return (
      await this.request<{ items: ReadinessCampaignEntity[] }>(
        `/campaigns/${encodeURIComponent(id)}/entities${queryString(options)}`,
      )
    ).items;
  }

  async getEntityCampaigns(
    entityRef: string,
  ): Promise<ReadinessEntityCampaign[]> {
    return (
      await this.request<{ items: ReadinessEntityCampaign[] }>(
        `${entityPath(entityRef)}/campaigns`,
      )
    ).items;
  }

  private async request<T>(
    path: string,
    method = 'GET',
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('readiness');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
