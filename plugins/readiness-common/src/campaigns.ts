/**
 * What a campaign asks of the entities it covers: a level of a scorecard,
 * or a set of checks that must pass (exempt counts as passing).
 *
 * @public
 */
export type ReadinessCampaignTarget =
  | { scorecard: string; level: string }
  | { checks: string[] };

/**
 * The entities a campaign covers. Every given criterion must match; within
 * one criterion any listed value matches. Refs are full entity refs.
 *
 * @public
 */
export interface ReadinessCampaignFilter {
  kind?: string[];
  type?: string[];
  lifecycle?: string[];
  owner?: string[];
  system?: string[];
  /** The entity has at least one of these tags. */
  tags?: string[];
}

/**
 * A campaign as it is defined, in app-config or through the API.
 *
 * @public
 */
export interface ReadinessCampaignDefinition {
  id: string;
  title: string;
  description?: string;
  /** The group or user that runs the campaign. */
  owner: string;
  target: ReadinessCampaignTarget;
  filter: ReadinessCampaignFilter;
  /** ISO 8601 date-times. */
  startsAt: string;
  deadline: string;
  /** Days before the deadline at which owners of lagging entities are reminded. */
  remindDaysBefore: number[];
  /** Percentage of covered entities at target for the campaign to be met. */
  goalPercent: number;
}

/**
 * How many covered entities are at target.
 *
 * @public
 */
export interface ReadinessCampaignFigures {
  total: number;
  atTarget: number;
  /** atTarget / total in percent, one decimal; 0 without entities. */
  percent: number;
}

/**
 * The figures of one owning team.
 *
 * @public
 */
export interface ReadinessCampaignOwnerFigures
  extends ReadinessCampaignFigures {
  /** Owner entity ref; absent for entities without an owner. */
  owner?: string;
}

/**
 * `upcoming` before the start, `active` until the deadline, then `met` or
 * `missed` for good.
 *
 * @public
 */
export type ReadinessCampaignStatus = 'upcoming' | 'active' | 'met' | 'missed';

/**
 * A campaign with its current figures (its final ones once it ended).
 *
 * @public
 */
export interface ReadinessCampaign extends ReadinessCampaignDefinition {
  /** `config` campaigns are changed in app-config only. */
  source: 'config' | 'api';
  status: ReadinessCampaignStatus;
  progress: ReadinessCampaignFigures;
  /** Set once the campaign ended: when. */
  finalizedAt?: string;
  createdBy?: string;
  updatedAt?: string;
}

/**
 * One day of a campaign's burn-up: figures at the end of that day.
 *
 * @public
 */
export interface ReadinessCampaignPoint extends ReadinessCampaignFigures {
  /** YYYY-MM-DD (UTC). */
  day: string;
}

/**
 * A campaign with the figures of each team and its burn-up over time.
 *
 * @public
 */
export interface ReadinessCampaignDetail extends ReadinessCampaign {
  byOwner: ReadinessCampaignOwnerFigures[];
  history: ReadinessCampaignPoint[];
}

/**
 * A check an entity still needs to pass for a campaign.
 *
 * @public
 */
export interface ReadinessCampaignLack {
  checkId: string;
  title: string;
  /** The check's current state, or `missing` before its first evaluation. */
  state: string;
}

/**
 * One covered entity of a campaign, with what it still lacks.
 *
 * @public
 */
export interface ReadinessCampaignEntity {
  entityRef: string;
  title?: string;
  owner?: string;
  atTarget: boolean;
  lacking: ReadinessCampaignLack[];
}

/**
 * A campaign as a service page shows it: the campaign and the service's part.
 *
 * @public
 */
export interface ReadinessEntityCampaign {
  campaign: ReadinessCampaign;
  atTarget: boolean;
  lacking: ReadinessCampaignLack[];
}
