import { readinessPlugin } from './plugin';
import { readinessApiRef } from './api';

describe('readinessPlugin', () => {
  it('provides the readiness API client', () => {
    const apiIds = [...readinessPlugin.getApis()].map(f => f.api.id);
    expect(apiIds).toContain(readinessApiRef.id);
  });
});
