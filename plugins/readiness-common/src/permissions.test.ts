import { isResourcePermission } from '@backstage/plugin-permission-common';
import { readinessPermissions } from './permissions';

describe('readinessPermissions', () => {
  it('names every permission uniquely inside the readiness namespace', () => {
    const names = readinessPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^readiness\.[a-z]+\.[a-z]+$/);
    }
  });

  it('keeps writes separate from reads', () => {
    const writes = readinessPermissions.filter(
      p => p.attributes.action !== 'read',
    );
    expect(writes.map(p => p.name)).toEqual([
      'readiness.exemption.manage',
      'readiness.exemption.approve',
      'readiness.attestation.create',
      'readiness.entity.refresh',
      'readiness.campaign.manage',
    ]);
    expect(
      readinessPermissions
        .filter(p => isResourcePermission(p, 'catalog-entity'))
        .map(p => p.name),
    ).toEqual([
      'readiness.exemption.manage',
      'readiness.exemption.approve',
      'readiness.attestation.create',
      'readiness.entity.refresh',
    ]);
  });
});
