import { buildFacts } from '../buildFacts';
import { declaredObjectSet } from '../manifestObjects';
import { workloadsOf } from '../workloads';

/** Facts of declared manifest documents, exactly as the collector builds them. */
export function declaredFacts(
  documents: Record<string, unknown>[],
  entityRef: string,
) {
  const set = declaredObjectSet(JSON.parse(JSON.stringify(documents)), {
    target: 'manifests test.yaml',
    manifestUrl: 'https://git.example.com/deploy/test.yaml',
    defaultNamespace: 'default',
  });
  return buildFacts({
    entityRef,
    origin: 'declared',
    workloads: workloadsOf(set),
    ownConfigMaps: set.configMaps.map(configMap => ({ set, configMap })),
    ownCronJobs: set.cronJobs.map(cronJob => ({ set, cronJob })),
    sets: [set],
    withheld: new Set(),
  });
}
