import { JsonObject } from '@backstage/types';
import { RestGet } from './restFacts';

/**
 * Organisation-level reads: one paginated listing per organisation
 * instead of one request per repository. Pages are conditional like every
 * REST read, so an unchanged organisation costs 304s only.
 */

const PAGE = 100;

/**
 * Below this many catalog repositories in one organisation, asking each
 * repository is cheaper than listing the organisation.
 */
export const ORG_LISTING_MIN = 20;

export interface OrgSettings {
  /** `owner/name` (lower case) -> `security_and_analysis`, null if hidden. */
  security: Map<string, any>;
  /** `owner/name` (lower case) -> open secret scanning alerts. */
  secretAlerts?: Map<string, number>;
}

const key = (fullName: string) => fullName.toLowerCase();

/**
 * The organisation's repositories, by name, until every wanted repository
 * was seen (or a bounded number of pages, for an organisation far larger
 * than its part in the catalog).
 */
async function listRepositories(
  get: RestGet,
  org: string,
  wanted: Set<string>,
): Promise<Map<string, any>> {
  const found = new Map<string, any>();
  const maxPages = Math.max(10, Math.ceil((3 * wanted.size) / PAGE));
  for (let page = 1; page <= maxPages; page += 1) {
    // Of each repository only its name and security settings are kept.
    const items = await get(
      `/orgs/${encodeURIComponent(
        org,
      )}/repos?type=all&sort=full_name&direction=asc&per_page=${PAGE}&page=${page}`,
      (list: any[]) =>
        list.map(r => ({
          full_name: String(r.full_name),
          security_and_analysis: r.security_and_analysis ?? null,
        })),
    );
    for (const repo of items) {
      found.set(key(repo.full_name), repo.security_and_analysis ?? null);
    }
    if (items.length < PAGE || [...wanted].every(w => found.has(w))) break;
  }
  return found;
}

/** Open secret scanning alerts of the organisation, counted per repository. */
async function countSecretAlerts(
  get: RestGet,
  org: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let page = 1; ; page += 1) {
    // Of each alert only its repository's name is kept.
    const items = await get(
      `/orgs/${encodeURIComponent(
        org,
      )}/secret-scanning/alerts?state=open&per_page=${PAGE}&page=${page}`,
      (list: any[]) => list.map(a => String(a.repository?.full_name ?? '')),
    );
    for (const fullName of items) {
      const name = key(fullName);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    if (items.length < PAGE) break;
  }
  return counts;
}

/**
 * Settings of an organisation's repositories, read once. A listing GitHub
 * refuses leaves that part out: repositories are then asked one by one.
 */
export async function readOrgSettings(
  get: RestGet,
  org: string,
  wanted: Set<string>,
): Promise<OrgSettings | undefined> {
  let security: Map<string, any>;
  try {
    security = await listRepositories(get, org, wanted);
  } catch {
    return undefined;
  }
  let secretAlerts: Map<string, number> | undefined;
  try {
    secretAlerts = await countSecretAlerts(get, org);
  } catch {
    secretAlerts = undefined; // needs security manager or admin rights
  }
  return { security, secretAlerts };
}

/** The security settings fact from the listing; undefined when hidden. */
export function securityFromListing(security: any): JsonObject | undefined {
  if (!security?.secret_scanning) return undefined;
  return {
    secretScanning: security.secret_scanning.status === 'enabled',
    pushProtection:
      security.secret_scanning_push_protection?.status === 'enabled',
  };
}

/**
 * Open secret alerts from the organisation's list, only where secret
 * scanning is known to be enabled: elsewhere "no alert listed" would be a
 * pass with nothing judged.
 */
export function secretAlertsFromListing(
  settings: OrgSettings,
  fullName: string,
): JsonObject | undefined {
  const security = settings.security.get(key(fullName));
  if (
    !settings.secretAlerts ||
    security?.secret_scanning?.status !== 'enabled'
  ) {
    return undefined;
  }
  return {
    open: settings.secretAlerts.get(key(fullName)) ?? 0,
    truncated: false,
  };
}
