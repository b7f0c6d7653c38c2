import { emptyObjectSet } from './objects';
import { monitorsOf } from './relatedObjects';
import { MonitorSummary } from './resources/monitors';
import { Workload } from './workloads';

function monitor(
  name: string,
  namespace: string,
  scope: { any?: boolean; names?: string[] } = {},
): MonitorSummary {
  return {
    kind: 'PodMonitor',
    namespace,
    name,
    selector: { matchLabels: { app: 'api' } },
    anyNamespace: scope.any ?? false,
    namespaces: scope.names ?? [],
  };
}

describe('monitorsOf', () => {
  it('finds the monitors of every namespace scope, in listing order', () => {
    const set = emptyObjectSet('live', 'cluster c', null);
    set.monitors.push(
      monitor('own', 'shop'),
      monitor('everywhere', 'monitoring', { any: true }),
      monitor('elsewhere', 'payments'),
      monitor('named', 'monitoring', { names: ['shop', 'payments'] }),
      monitor('other-names', 'monitoring', { names: ['payments'] }),
    );
    const workload = {
      namespace: 'shop',
      podLabels: { app: 'api' },
      set,
    } as unknown as Workload;
    expect(monitorsOf(workload, []).map(m => m.name)).toEqual([
      'own',
      'everywhere',
      'named',
    ]);
    set.monitors.splice(1, 1);
    const fresh = emptyObjectSet('live', 'cluster c', null);
    fresh.monitors.push(...set.monitors);
    expect(
      monitorsOf({ ...workload, set: fresh } as Workload, []).map(m => m.name),
    ).toEqual(['own', 'named']);
  });
});
