import { ClusterSettings, KubernetesSettings } from '../config';

/** Settings with small pages and millisecond backoff, so tests run fast. */
export function testSettings(
  clusters: ClusterSettings[],
  overrides: Partial<KubernetesSettings> = {},
): KubernetesSettings {
  return {
    clusters,
    pageSize: 2,
    requestTimeoutMs: 5_000,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2_000 },
    maxListRestarts: 3,
    maxResponseBytes: 64 * 1024 * 1024,
    manifestRoots: [],
    ...overrides,
  };
}

export function clusterAt(
  url: string,
  name: string,
  token: string,
  extra: Partial<ClusterSettings> = {},
): ClusterSettings {
  return {
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
    // The client refuses plain HTTP unless TLS verification is off; the
    // emulator speaks HTTP on loopback.
    skipTLSVerify: true,
    ...extra,
  };
}
