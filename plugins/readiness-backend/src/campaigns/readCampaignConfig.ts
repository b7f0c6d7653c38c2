import { Config } from '@backstage/config';
import { CheckRegistry } from '../checks/CheckRegistry';
import { excerpt, issuesOf, safeParseConfig } from './campaignInput';
import { Campaign, campaignProblems, campaignSchema } from './campaignSchema';

/**
 * A campaign in app-config that cannot run. Thrown at start-up, so a typo
 * in a level or a date stops the backend with the campaign named instead
 * of silently tracking nothing.
 */
export class CampaignConfigError extends Error {
  name = 'CampaignConfigError';
}

/** The campaigns of `readiness.campaigns`, validated against the checks. */
export function readCampaignConfig(
  config: Config,
  checks: CheckRegistry,
): Campaign[] {
  const raw = config.getOptional<unknown[]>('readiness.campaigns') ?? [];
  if (!Array.isArray(raw)) {
    throw new CampaignConfigError(
      'readiness.campaigns must be a list of campaigns',
    );
  }
  const seen = new Set<string>();
  return raw.map((item, index) => {
    const id =
      item && typeof item === 'object' && 'id' in item
        ? `'${excerpt((item as { id: unknown }).id)}'`
        : 'without an id';
    const where = `Campaign ${id} (readiness.campaigns[${index}])`;
    const parsed = safeParseConfig(campaignSchema, item);
    if (!parsed.success) {
      throw new CampaignConfigError(
        `${where} is invalid: ${issuesOf(parsed.error)}`,
      );
    }
    const campaign = parsed.data as Campaign;
    const problems = campaignProblems(campaign, checks);
    if (problems.length > 0) {
      throw new CampaignConfigError(
        `${where} is invalid: ${problems.join('; ')}`,
      );
    }
    if (seen.has(campaign.id)) {
      throw new CampaignConfigError(
        `${where} is invalid: id: another campaign has the id '${campaign.id}'`,
      );
    }
    seen.add(campaign.id);
    return campaign;
  });
}
