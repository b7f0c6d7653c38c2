import { Entity } from '@backstage/catalog-model';
import {
  CatalogApi,
  catalogApiRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import { ReadinessApi, readinessApiRef } from '../api';

export const serviceEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
};

/** A catalog that knows no entity: views fall back to the refs' names. */
export const emptyCatalog: Partial<CatalogApi> = {
  getEntitiesByRefs: async ({ entityRefs }) => ({
    items: entityRefs.map(() => undefined),
  }),
};

/** Renders inside a test app with a fake readiness API and a permission answer. */
export function renderWith(
  element: ReactNode,
  options: {
    api: Partial<ReadinessApi>;
    entity?: Entity;
    /** The policy's answer, or a function deciding each request. */
    allow?: boolean | ((request: EvaluatePermissionRequest) => boolean);
    catalog?: Partial<CatalogApi>;
  },
) {
  // usePermission caches answers in SWR; a fresh cache per render keeps one
  // test's permission answer out of the next.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [readinessApiRef, options.api],
          [catalogApiRef, options.catalog ?? emptyCatalog],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request => {
                const allowed =
                  typeof options.allow === 'function'
                    ? options.allow(request)
                    : options.allow !== false;
                return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
              },
            }),
          ],
        ]}
      >
        <EntityProvider entity={options.entity ?? serviceEntity}>
          {element}
        </EntityProvider>
      </TestApiProvider>
    </SWRConfig>,
  );
}

/** A promise that never settles, to observe loading states. */
export const pending = () => new Promise<never>(() => {});

export function notFound(): Error {
  return Object.assign(new Error('No readiness data'), {
    name: 'ResponseError',
    statusCode: 404,
  });
}
