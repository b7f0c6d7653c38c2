import { mockServices } from '@backstage/backend-test-utils';
import { ExemptionRequestNotifier } from './exemptionApproval';

const request = {
  id: '7',
  entityRef: 'component:default/payments',
  checkTitle: 'Runbook linked',
  reason: 'Runbook moves to the new wiki',
  requestedBy: 'user:default/jane',
  recipients: ['group:default/platform'],
};

describe('ExemptionRequestNotifier', () => {
  it('tells the recipients, never the requester', async () => {
    const send = jest.fn(async () => {});
    const notifier = new ExemptionRequestNotifier({
      notifications: { send },
      logger: mockServices.logger.mock(),
    });
    expect(await notifier.requested(request)).toBe(true);
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/platform'],
          excludeEntityRef: 'user:default/jane',
        },
        payload: expect.objectContaining({
          topic: 'readiness-exemption-request',
          link: '/catalog/default/component/payments/readiness',
        }),
      }),
    );
  });

  it('stops trying, once logged, when the notifications backend is not installed', async () => {
    const send = jest.fn(async () => {
      throw new Error('Request failed with 404 Not Found');
    });
    const logger = mockServices.logger.mock();
    const notifier = new ExemptionRequestNotifier({
      notifications: { send },
      logger,
    });
    expect(await notifier.requested(request)).toBe(false);
    expect(await notifier.requested(request)).toBe(false);
    expect(send).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledTimes(1);
  });

  it('never fails the request on another error, and tries again next time', async () => {
    const send = jest.fn(async () => {
      throw new Error('socket hang up');
    });
    const logger = mockServices.logger.mock();
    const notifier = new ExemptionRequestNotifier({
      notifications: { send },
      logger,
    });
    expect(await notifier.requested(request)).toBe(false);
    expect(await notifier.requested(request)).toBe(false);
    expect(send).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
