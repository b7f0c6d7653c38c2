import {
  bindsServiceAccount,
  summariseClusterRoleBinding,
} from './clusterRoleBindings';

describe('ClusterRoleBindings', () => {
  const binding = summariseClusterRoleBinding({
    metadata: { name: 'ops' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'view',
    },
    subjects: [
      { kind: 'ServiceAccount', name: 'api', namespace: 'payments' },
      { kind: 'Group', name: 'system:serviceaccounts:shop' },
      { kind: 'User', name: 'alice' },
    ],
  });

  it('keeps the role and the ServiceAccount subjects', () => {
    expect(binding).toEqual({
      name: 'ops',
      roleKind: 'ClusterRole',
      roleName: 'view',
      serviceAccounts: ['payments/api'],
      serviceAccountGroups: ['system:serviceaccounts:shop'],
    });
  });

  it('binds named accounts and every account of a group namespace', () => {
    expect(bindsServiceAccount(binding, 'payments', 'api')).toBe(true);
    expect(bindsServiceAccount(binding, 'payments', 'worker')).toBe(false);
    expect(bindsServiceAccount(binding, 'shop', 'default')).toBe(true);
  });
});
