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
  ReadinessApiClient,
  TypedResponse,
} from '@readiness/backstage-plugin-readiness-common';
import {
  GapsQuery,
  ReadinessApi,
  ReadinessCollectorInfo,
} from './ReadinessApi';
import { joinScorecard } from './joinScorecard';

/** The path parameters of an entity's routes. */
function entityPath(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return { path: { kind, namespace, name } };
}

/** The body of a response, or its error. */
async function bodyOf<T>(pending: Promise<TypedResponse<unknown>>): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

/**
 * Default {@link ReadinessApi} implementation over the backend REST API,
 * through the client generated from its OpenAPI contract.
 *
 * @public
 */
export class ReadinessClient implements ReadinessApi {
  private readonly api: ReadinessApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new ReadinessApiClient(options);
  }

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
      const response = await this.api.getChecks(
        {},
        known?.etag ? { headers: { 'If-None-Match': known.etag } } : undefined,
      );
      if (response.status === 304 && known) {
        return known;
      }
      if (!response.ok) {
        throw await ResponseError.fromResponse(response as Response);
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
      await bodyOf<{ items: ReadinessCollectorInfo[] }>(
        this.api.getCollectors(),
      )
    ).items;
  }

  async getChecks(): Promise<ReadinessCheck[]> {
    return [...(await this.checkDefinitions()).byId.values()];
  }

  async getScorecards(): Promise<ReadinessScorecard[]> {
    return (
      await bodyOf<{ items: ReadinessScorecard[] }>(this.api.getScorecards())
    ).items;
  }

  getEntityScorecard(entityRef: string): Promise<ReadinessEntityScorecard> {
    return this.joined(
      bodyOf(this.api.getEntityScorecard(entityPath(entityRef))),
    );
  }

  getEntityHistory(
    entityRef: string,
    options: { from?: string; to?: string } = {},
  ): Promise<ReadinessEntityHistory> {
    return bodyOf(
      this.api.getEntityHistory({ ...entityPath(entityRef), query: options }),
    );
  }

  getLeaderboard(
    query: ReadinessLeaderboardQuery,
  ): Promise<ReadinessLeaderboard> {
    return bodyOf(
      this.api.getLeaderboard({
        query: {
          ...query,
          page: query.page?.toString(),
          pageSize: query.pageSize?.toString(),
          windowDays: query.windowDays?.toString(),
        },
      }),
    );
  }

  getGaps(owner: string, options: GapsQuery = {}): Promise<ReadinessGaps> {
    return bodyOf(
      this.api.getGaps({
        query: {
          owner,
          scorecard: options.scorecard,
          ...(options.directOnly ? { directOnly: true } : {}),
          ...(options.offset ? { offset: String(options.offset) } : {}),
        },
      }),
    );
  }

  async getAttestationTypes(): Promise<ReadinessAttestationType[]> {
    return (
      await bodyOf<{ items: ReadinessAttestationType[] }>(
        this.api.getAttestationTypes(),
      )
    ).items;
  }

  async createExemption(
    entityRef: string,
    exemption: { checkId: string; reason: string; expiresAt: string },
  ): Promise<void> {
    await bodyOf(
      this.api.createExemption({ ...entityPath(entityRef), body: exemption }),
    );
  }

  async revokeExemption(id: string): Promise<void> {
    await bodyOf(this.api.deleteExemption({ path: { id } }));
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
    await bodyOf(
      this.api.createAttestation({
        ...entityPath(entityRef),
        body: attestation,
      }),
    );
  }

  refreshEntity(entityRef: string): Promise<ReadinessEntityScorecard> {
    return this.joined(bodyOf(this.api.refreshEntity(entityPath(entityRef))));
  }

  async listCampaigns(
    options: { owner?: string } = {},
  ): Promise<ReadinessCampaign[]> {
    return (
      await bodyOf<{ items: ReadinessCampaign[] }>(
        this.api.getCampaigns({ query: options }),
      )
    ).items;
  }

  getCampaign(id: string): Promise<ReadinessCampaignDetail> {
    return bodyOf(this.api.getCampaign({ path: { id } }));
  }

  async getCampaignEntities(
    id: string,
    options: { owner?: string } = {},
  ): Promise<ReadinessCampaignEntity[]> {
    return (
      await bodyOf<{ items: ReadinessCampaignEntity[] }>(
        this.api.getCampaignEntities({ path: { id }, query: options }),
      )
    ).items;
  }

  async getEntityCampaigns(
    entityRef: string,
  ): Promise<ReadinessEntityCampaign[]> {
    return (
      await bodyOf<{ items: ReadinessEntityCampaign[] }>(
        this.api.getEntityCampaigns(entityPath(entityRef)),
      )
    ).items;
  }
}
