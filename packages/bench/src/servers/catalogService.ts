import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * The catalog of the bench servers: Backstage's own in-memory catalog
 * client over the generated fleet, behind the real `catalogServiceRef`,
 * so plugins page and filter through it exactly as through the catalog
 * backend, minus the catalog's own database and HTTP hop.
 */
export function inMemoryCatalogFactory(entities: Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => new InMemoryCatalogClient({ entities }) as any,
  });
}
