import {
  ReadinessCampaign,
  ReadinessCampaignTarget,
  ReadinessScorecard,
} from '@readiness/backstage-plugin-readiness-common';

/** Titles of the scorecards, levels and checks a target names, by id. */
export interface TargetNames {
  scorecards: ReadonlyMap<string, ReadinessScorecard>;
  checks: ReadonlyMap<string, string>;
}

/** "A, B and C". */
const listed = (items: string[]) =>
  items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** Targets naming more checks than this read as a count. */
const MAX_NAMED_CHECKS = 3;

const DAY = 24 * 60 * 60 * 1000;

/**
 * What a campaign asks, by the titles users know: "Silver on Production
 * Readiness", "Runbook linked and Dashboard linked pass". Ids stand in
 * only for what the definitions do not name (or before they load).
 */
export function targetText(
  target: ReadinessCampaignTarget,
  names?: TargetNames,
): string {
  if ('level' in target) {
    const scorecard = names?.scorecards.get(target.scorecard);
    const level =
      scorecard?.levels.find(l => l.id === target.level)?.title ?? target.level;
    return `${level} on ${scorecard?.title ?? target.scorecard}`;
  }
  const titles = target.checks.map(id => names?.checks.get(id) ?? id);
  if (titles.length > MAX_NAMED_CHECKS) {
    return `${titles.length} checks pass: ${titles
      .slice(0, MAX_NAMED_CHECKS)
      .join(', ')}…`;
  }
  return `${listed(titles)} ${titles.length === 1 ? 'passes' : 'pass'}`;
}

/** The deadline as a day, with how far away it is while it matters. */
export function deadlineText(
  campaign: Pick<ReadinessCampaign, 'deadline' | 'status'>,
  now: number = Date.now(),
): string {
  const day = campaign.deadline.slice(0, 10);
  if (campaign.status === 'met' || campaign.status === 'missed') {
    return day;
  }
  const days = Math.ceil((Date.parse(campaign.deadline) - now) / DAY);
  if (days <= 0) return `${day} (due now)`;
  return `${day} (${days} ${days === 1 ? 'day' : 'days'} left)`;
}

/** "12 of 20 at target (60%)". */
export function figuresText(figures: {
  total: number;
  atTarget: number;
  percent: number;
}): string {
  return figures.total === 0
    ? 'No entities covered yet'
    : `${figures.atTarget} of ${figures.total} at target (${figures.percent}%)`;
}

export const STATUS_LABEL: Record<ReadinessCampaign['status'], string> = {
  upcoming: 'Upcoming',
  active: 'Active',
  met: 'Met',
  missed: 'Missed',
};
