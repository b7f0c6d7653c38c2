import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api';
import { TargetNames } from './campaignText';

/**
 * The titles campaign targets name: scorecards with their levels, and
 * checks. Both definitions are served once and cached by the client; while
 * they load, or if they fail, targets read by id.
 */
export function useTargetNames(): TargetNames | undefined {
  const api = useApi(readinessApiRef);
  const { value } = useAsync(async () => {
    const [scorecards, checks] = await Promise.all([
      api.getScorecards(),
      api.getChecks(),
    ]);
    return {
      scorecards: new Map(scorecards.map(s => [s.id, s])),
      checks: new Map(checks.map(c => [c.id, c.title])),
    };
  }, [api]);
  return value;
}
