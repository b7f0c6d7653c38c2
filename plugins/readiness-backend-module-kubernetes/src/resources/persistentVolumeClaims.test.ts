import { claimNames, summariseClaim } from './persistentVolumeClaims';

describe('claims', () => {
  it('names the claims of volumes and of StatefulSet templates per replica', () => {
    expect(
      claimNames(
        {
          containers: [],
          volumes: [
            { name: 'a', persistentVolumeClaim: { claimName: 'shared' } },
          ],
        },
        {
          name: 'db',
          replicas: 2,
          templates: [{ metadata: { name: 'data' } }],
        },
      ),
    ).toEqual(['data-db-0', 'data-db-1', 'shared']);
  });

  it('summarises phase and class, null when absent', () => {
    expect(summariseClaim({ metadata: { name: 'c' }, spec: {} })).toEqual({
      namespace: 'default',
      name: 'c',
      phase: null,
      storageClassName: null,
    });
  });
});
