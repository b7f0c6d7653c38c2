import { goDurationHours } from '../quantity';
import { asObject, asString, asStrings, asTimestamp, metadataOf } from './raw';

/** What a Velero Schedule or Backup includes. */
interface Scope {
  includedNamespaces: string[];
  excludedNamespaces: string[];
}

export interface VeleroScheduleSummary extends Scope {
  namespace: string;
  name: string;
  schedule: string;
  paused: boolean;
  /** `spec.template.ttl` as written; null leaves it to the server's default. */
  ttl: string | null;
  /** The ttl in hours; null when unset or not a duration. */
  retentionHours: number | null;
}

export interface VeleroBackupSummary extends Scope {
  name: string;
  phase: string | null;
  completedAt: string | null;
}

function scopeOf(spec: Record<string, unknown>): Scope {
  return {
    includedNamespaces: asStrings(spec.includedNamespaces),
    excludedNamespaces: asStrings(spec.excludedNamespaces),
  };
}

export function summariseSchedule(object: unknown): VeleroScheduleSummary {
  const { namespace, name } = metadataOf(object);
  const spec = asObject(asObject(object).spec);
  const template = asObject(spec.template);
  const ttl = asString(template.ttl);
  return {
    namespace,
    name,
    schedule: asString(spec.schedule) ?? '',
    paused: spec.paused === true,
    ttl,
    retentionHours: goDurationHours(ttl),
    ...scopeOf(template),
  };
}

export function summariseBackup(object: unknown): VeleroBackupSummary {
  const { name } = metadataOf(object);
  const status = asObject(asObject(object).status);
  return {
    name,
    phase: asString(status.phase),
    completedAt: asTimestamp(status.completionTimestamp),
    ...scopeOf(asObject(asObject(object).spec)),
  };
}

/**
 * Velero's namespace filter: no included namespaces, or `*`, means all of
 * them; an excluded namespace is left out even when included.
 */
export function coversNamespace(scope: Scope, namespace: string): boolean {
  const included =
    scope.includedNamespaces.length === 0 ||
    scope.includedNamespaces.includes('*') ||
    scope.includedNamespaces.includes(namespace);
  return included && !scope.excludedNamespaces.includes(namespace);
}
