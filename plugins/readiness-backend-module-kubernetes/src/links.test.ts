import { objectLink } from './links';
import { emptyObjectSet } from './objects';

const live = (dashboard?: { dashboardUrl: string; dashboardApp?: string }) =>
  emptyObjectSet('live', 'cluster c', {
    name: 'c',
    url: 'https://k8s.example.com:6443',
    ...dashboard,
  });
const object = { kind: 'Deployment', namespace: 'pay ments', name: 'api' };

describe('objectLink', () => {
  it('points into the dashboard the way the Kubernetes plugin does', () => {
    expect(
      objectLink(live({ dashboardUrl: 'https://dash.example.com' }), object),
    ).toBe(
      'https://dash.example.com/#/deployment/pay%20ments/api?namespace=pay%20ments',
    );
    expect(
      objectLink(
        live({
          dashboardUrl: 'https://rancher.example.com/c/x/',
          dashboardApp: 'rancher',
        }),
        object,
      ),
    ).toBe(
      'https://rancher.example.com/c/x/explorer/apps.deployment/pay%20ments/api',
    );
    expect(
      objectLink(
        live({
          dashboardUrl: 'https://console.example.com',
          dashboardApp: 'openshift',
        }),
        object,
      ),
    ).toBe('https://console.example.com/k8s/ns/pay%20ments/deployments/api');
    expect(
      objectLink(
        live({
          dashboardUrl: 'https://console.aws.amazon.com/eks',
          dashboardApp: 'eks',
        }),
        object,
      ),
    ).toBe('https://console.aws.amazon.com/eks/');
  });

  it('falls back to the API URL, and to the manifest for declared objects', () => {
    expect(objectLink(live(), object)).toBe(
      'https://k8s.example.com:6443/apis/apps/v1/namespaces/pay%20ments/deployments/api',
    );
    expect(objectLink(live(), { kind: 'Namespace', name: 'shop' })).toBe(
      'https://k8s.example.com:6443/api/v1/namespaces/shop',
    );
    const declared = emptyObjectSet('declared', 'manifests x', null);
    declared.manifestUrl = 'https://git.example.com/x.yaml';
    expect(objectLink(declared, object)).toBe('https://git.example.com/x.yaml');
  });
});
