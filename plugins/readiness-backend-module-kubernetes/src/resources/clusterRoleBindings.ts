import type { V1ClusterRoleBinding } from '@kubernetes/client-node';

export interface BindingSummary {
  name: string;
  roleKind: string;
  roleName: string;
  /** The ServiceAccounts among the subjects, as `<namespace>/<name>`. */
  serviceAccounts: string[];
  /** Subjects naming every ServiceAccount of a namespace, by group. */
  serviceAccountGroups: string[];
}

export function summariseClusterRoleBinding(
  binding: V1ClusterRoleBinding,
): BindingSummary {
  const subjects = binding.subjects ?? [];
  return {
    name: binding.metadata?.name ?? '',
    roleKind: binding.roleRef?.kind ?? 'ClusterRole',
    roleName: binding.roleRef?.name ?? '',
    serviceAccounts: subjects
      .filter(s => s.kind === 'ServiceAccount')
      .map(s => `${s.namespace ?? ''}/${s.name}`),
    serviceAccountGroups: subjects
      .filter(
        s => s.kind === 'Group' && s.name.startsWith('system:serviceaccounts'),
      )
      .map(s => s.name),
  };
}

/**
 * Whether a binding grants its role to a ServiceAccount: named as a
 * subject, or through the groups every ServiceAccount belongs to
 * (`system:serviceaccounts`, `system:serviceaccounts:<namespace>`).
 */
export function bindsServiceAccount(
  binding: BindingSummary,
  namespace: string,
  name: string,
): boolean {
  return (
    binding.serviceAccounts.includes(`${namespace}/${name}`) ||
    binding.serviceAccountGroups.some(
      g =>
        g === 'system:serviceaccounts' ||
        g === `system:serviceaccounts:${namespace}`,
    )
  );
}
