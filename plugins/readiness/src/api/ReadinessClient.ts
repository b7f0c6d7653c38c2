import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ReadinessApi, ReadinessCollectorInfo } from './ReadinessApi';

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
    const body = await this.get<{ items: ReadinessCollectorInfo[] }>(
      '/collectors',
    );
    return body.items;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('readiness');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
