import type {
  V1PersistentVolumeClaim,
  V1PodSpec,
} from '@kubernetes/client-node';

export interface ClaimSummary {
  namespace: string;
  name: string;
  /** `Bound`, `Pending`, `Lost`; null for a declared claim (no status). */
  phase: string | null;
  storageClassName: string | null;
}

export function summariseClaim(claim: V1PersistentVolumeClaim): ClaimSummary {
  return {
    namespace: claim.metadata?.namespace ?? 'default',
    name: claim.metadata?.name ?? '',
    phase: claim.status?.phase ?? null,
    storageClassName: claim.spec?.storageClassName ?? null,
  };
}

/**
 * Names of the claims a workload's pods mount: those its pod spec names,
 * and for a StatefulSet those its volumeClaimTemplates create, one per
 * replica, named `<template>-<statefulset>-<ordinal>`.
 */
export function claimNames(
  podSpec: V1PodSpec,
  statefulSet?: {
    name: string;
    replicas: number;
    templates: V1PersistentVolumeClaim[];
  },
): string[] {
  const names = new Set<string>();
  for (const volume of podSpec.volumes ?? []) {
    if (volume.persistentVolumeClaim?.claimName) {
      names.add(volume.persistentVolumeClaim.claimName);
    }
  }
  for (const template of statefulSet?.templates ?? []) {
    for (let i = 0; i < statefulSet!.replicas; i += 1) {
      names.add(`${template.metadata?.name}-${statefulSet!.name}-${i}`);
    }
  }
  return [...names].sort();
}
