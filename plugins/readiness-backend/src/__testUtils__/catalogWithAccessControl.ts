import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * A catalog that, like one with a real permission policy, hides some
 * entities from some users: `hidden` refs are only visible to `admin` and
 * to service principals (the readiness plugin itself).
 */
export function catalogWithAccessControl(options: {
  entities: Entity[];
  hidden: string[];
  admin: string;
}) {
  const inner = catalogServiceMock({ entities: options.entities });
  const visibleTo = (credentials: any) => (entity: Entity) => {
    const principal = credentials?.principal;
    if (
      principal?.type === 'service' ||
      principal?.userEntityRef === options.admin
    ) {
      return true;
    }
    return !options.hidden.includes(stringifyEntityRef(entity));
  };
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => ({
      ...inner,
      async *streamEntities(request: any, opts: any) {
        for await (const page of inner.streamEntities(request, opts)) {
          yield page.filter(visibleTo(opts?.credentials));
        }
      },
      async getEntityByRef(ref: any, opts: any) {
        const entity = await inner.getEntityByRef(ref, opts);
        return entity && visibleTo(opts?.credentials)(entity)
          ? entity
          : undefined;
      },
    }),
  });
}
