import { useRouteRef } from '@backstage/core-plugin-api';
import { campaignsRouteRef } from '../../routes';

/**
 * Where a campaign's page is, or undefined when the app has not mounted
 * the campaigns page: cards then show campaigns without links rather than
 * failing.
 */
export function useCampaignLink(): ((id: string) => string) | undefined {
  let base: string | undefined;
  try {
    // Called on every render, unconditionally: the try only turns "not
    // mounted" into no link, so the order of hooks never changes.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    base = useRouteRef(campaignsRouteRef)();
  } catch {
    base = undefined;
  }
  return base === undefined
    ? undefined
    : id => `${base!.replace(/\/$/, '')}/${encodeURIComponent(id)}`;
}
