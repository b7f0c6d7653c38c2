import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'readiness' });

/** The campaigns pages; mounted at `/readiness/campaigns` by convention. */
export const campaignsRouteRef = createRouteRef({
  id: 'readiness-campaigns',
});
