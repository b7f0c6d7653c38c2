import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/** Who made a change, as recorded with the campaign. */
export function authorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}

/** Runs a campaign change inside an audit event that records its outcome. */
export async function auditedChange(
  auditor: AuditorService,
  req: Request,
  eventId: string,
  meta: JsonObject,
  change: () => Promise<void>,
): Promise<void> {
  const event = await auditor.createEvent({
    eventId,
    request: req,
    severityLevel: 'medium',
    meta,
  });
  try {
    await change();
    await event.success();
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
