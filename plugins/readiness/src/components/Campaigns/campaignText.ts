import {
  ReadinessCampaign,
  ReadinessCampaignTarget,
} from '@readiness/backstage-plugin-readiness-common';

const DAY = 24 * 60 * 60 * 1000;

/** "Silver on production-readiness" or "3 checks pass". */
export function targetText(target: ReadinessCampaignTarget): string {
  if ('level' in target) {
    const level = target.level.charAt(0).toUpperCase() + target.level.slice(1);
    return `${level} on ${target.scorecard}`;
  }
  return target.checks.length === 1
    ? `${target.checks[0]} passes`
    : `${target.checks.length} checks pass`;
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
