import { mockServices } from '@backstage/backend-test-utils';

export interface RecordedAuditEvent {
  eventId: string;
  meta: any;
  outcome?: 'success' | 'fail';
}

/** An auditor that keeps every event it is asked to create. */
export function recordingAuditor() {
  const events: RecordedAuditEvent[] = [];
  const mock = mockServices.auditor.mock({
    createEvent: jest.fn(async ({ eventId, meta }) => {
      const event: RecordedAuditEvent = { eventId, meta };
      events.push(event);
      return {
        success: async () => {
          event.outcome = 'success';
        },
        fail: async () => {
          event.outcome = 'fail';
        },
      };
    }),
  });
  return { events, factory: mock.factory };
}
