import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ReadinessAttestationType,
  ReadinessEntityHistory,
  ReadinessEntityScorecard,
  ReadinessGaps,
  ReadinessLeaderboard,
  ReadinessLeaderboardQuery,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';
import { ReadinessApi, ReadinessCollectorInfo } from './ReadinessApi';

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
    return this.request(entityPath(entityRef));
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
    return this.request(`${entityPath(entityRef)}/refresh`, 'POST');
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
