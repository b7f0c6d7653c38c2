import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// A minimal backend for working on the readiness plugin alone:
//
//   yarn start
//   curl http://localhost:7007/api/readiness/health
//   curl http://localhost:7007/api/readiness/collectors
//
// Auth is mocked so the API can be called without a token.
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'sample', title: 'Sample Component' },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      },
    ],
  }),
);

backend.add(import('../src'));

backend.start();
