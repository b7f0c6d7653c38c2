import { mockServices } from '@backstage/backend-test-utils';
import { CheckRegistry } from '../checks/CheckRegistry';
import { RegressionNotifier } from './RegressionNotifier';

const checks = new CheckRegistry(
  [],
  [{ id: 'c1', title: 'Runbook linked' } as any],
);

function regressions(owner: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    entityRef: `component:default/svc-${i}`,
    owner,
    newlyFailing: ['c1'],
    levelDrops:
      i === 0 ? [{ scorecardId: 's', from: 'gold', to: 'silver' }] : [],
  }));
}

describe('RegressionNotifier', () => {
  it('sends ten regressions of one owner as one notification', async () => {
    const send = jest.fn(async () => {});
    const notifier = new RegressionNotifier({
      notifications: { send },
      checks,
      logger: mockServices.logger.mock(),
    });
    const sent = await notifier.notify([
      ...regressions('group:default/team-a', 10),
      ...regressions('group:default/team-b', 1),
    ]);
    expect(sent).toBe(2);
    expect(send).toHaveBeenCalledTimes(2);
    const [first] = send.mock.calls[0] as any[];
    expect(first.recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-a',
    });
    expect(first.payload.title).toBe(
      'Readiness regressed on 10 entities (10 newly failing checks)',
    );
    expect(first.payload.severity).toBe('high');
    expect(first.payload.description.split('\n')).toHaveLength(10);
    expect(first.payload.description).toContain(
      'component:default/svc-0: level gold → silver; Runbook linked',
    );
  });

  it('turns itself off when the notifications backend is not installed', async () => {
    const send = jest.fn(async () => {
      throw new Error(
        'Failed to send notifications: Error: Request failed with status 404',
      );
    });
    const logger = mockServices.logger.mock();
    const notifier = new RegressionNotifier({
      notifications: { send },
      checks,
      logger,
    });
    expect(await notifier.notify(regressions('group:default/a', 1))).toBe(0);
    expect(await notifier.notify(regressions('group:default/a', 1))).toBe(0);
    expect(send).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('notifications backend is not installed'),
    );
  });
});
