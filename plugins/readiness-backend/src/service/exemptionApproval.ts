import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ReadinessCheck } from '@readiness/backstage-plugin-readiness-common';
import { CheckRegistry } from '../checks/CheckRegistry';
import { normalizeRef } from '../database/refs';

/** When exemptions wait for a second person; see `readiness.exemptions.approval`. */
export interface ExemptionApproval {
  /** Whether an exemption of this check waits for approval. */
  required(check: ReadinessCheck): boolean;
  /** Who is told of a new request; the entity's owner when empty. */
  notify: string[];
}

/** No approval: an exemption takes effect when it is made. */
export const NO_APPROVAL: ExemptionApproval = {
  required: () => false,
  notify: [],
};

/**
 * Reads `readiness.exemptions.approval`. Without `fromLevel`, approval is
 * off. With it, an exemption of a check of that level, or of a higher
 * level of the check's scorecard, waits for approval; in a scorecard that
 * has no such level, every exemption does (the safe reading). A level that
 * no scorecard has is a mistake: it stops the backend.
 */
export function readExemptionApproval(
  config: Config,
  checks: CheckRegistry,
): ExemptionApproval {
  const approval = config.getOptionalConfig('readiness.exemptions.approval');
  const fromLevel = approval?.getOptionalString('fromLevel');
  if (!approval || !fromLevel) {
    return NO_APPROVAL;
  }
  if (!checks.scorecards.some(s => s.levels.some(l => l.id === fromLevel))) {
    throw new Error(
      `readiness.exemptions.approval.fromLevel: no scorecard has a level '${fromLevel}' (levels: ${[
        ...new Set(checks.scorecards.flatMap(s => s.levels.map(l => l.id))),
      ].join(', ')})`,
    );
  }
  const notify = (approval.getOptionalStringArray('notify') ?? []).map(
    (ref, i) => {
      const normalized = normalizeRef(ref, 'group');
      if (!normalized) {
        throw new Error(
          `readiness.exemptions.approval.notify[${i}]: '${ref}' is not an entity ref`,
        );
      }
      return normalized;
    },
  );
  return {
    notify,
    required(check) {
      const levels = checks.getScorecard(check.scorecard)?.levels ?? [];
      const threshold = levels.findIndex(l => l.id === fromLevel);
      if (threshold < 0) return true;
      const index = levels.findIndex(l => l.id === check.level);
      return index < 0 || index >= threshold;
    },
  };
}

function entityPath(ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}/readiness`;
}

/**
 * Tells approvers of a new exemption request through the notifications
 * service, as regressions are told. Does nothing, once logged, when the
 * notifications backend is not installed; a failure to notify never fails
 * the request.
 */
export class ExemptionRequestNotifier {
  private disabled = false;

  constructor(
    private readonly deps: {
      notifications?: NotificationService;
      logger: LoggerService;
    },
  ) {}

  async requested(request: {
    id: string;
    entityRef: string;
    checkTitle: string;
    reason: string;
    requestedBy: string;
    recipients: string[];
  }): Promise<boolean> {
    const { notifications, logger } = this.deps;
    if (this.disabled || !notifications || request.recipients.length === 0) {
      return false;
    }
    try {
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef: request.recipients,
          // The requester cannot approve their own request.
          excludeEntityRef: request.requestedBy,
        },
        payload: {
          title: `Exemption requested for ${request.entityRef}: ${request.checkTitle}`,
          description: `${request.requestedBy} asks to exempt ${request.entityRef} from "${request.checkTitle}": ${request.reason}`,
          link: entityPath(request.entityRef),
          severity: 'normal',
          topic: 'readiness-exemption-request',
          scope: `readiness:exemption:${request.id}`,
        },
      });
      return true;
    } catch (error) {
      if (/\b404\b|not found|ECONNREFUSED/i.test(String(error))) {
        this.disabled = true;
        logger.info(
          'Readiness exemption request notifications are off: the notifications backend is not installed',
        );
        return false;
      }
      logger.warn(
        `Readiness could not notify approvers of exemption ${request.id}: ${error}`,
      );
      return false;
    }
  }
}
