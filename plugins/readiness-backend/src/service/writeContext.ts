import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { ReadinessStore } from '../database/ReadinessStore';
import { entityRefOfPath, noSuchEntity } from './entityPath';
import { EntityVisibility } from './EntityVisibility';

/** Who made a write, as recorded with it. */
export function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}

/**
 * The entity of a write route with its stored row: 404 unless the caller
 * may see it and the engine knows it.
 */
export async function routeEntity(
  req: Request,
  credentials: BackstageCredentials,
  deps: { visibility: EntityVisibility; store: ReadinessStore },
) {
  const ref = entityRefOfPath(req);
  const row =
    (await deps.visibility.canSee(credentials, ref)) &&
    (await deps.store.getEntity(ref));
  if (!row) {
    throw noSuchEntity(ref);
  }
  return { ref, row };
}

/** Runs a write inside an audit event that records success or failure. */
export async function audited<T>(
  auditor: AuditorService,
  req: Request,
  eventId: string,
  meta: Record<string, any>,
  write: () => Promise<{ result: T; meta?: Record<string, any> }>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId,
    request: req,
    severityLevel: 'medium',
    meta,
  });
  try {
    const { result, meta: after } = await write();
    await event.success({ meta: after });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
