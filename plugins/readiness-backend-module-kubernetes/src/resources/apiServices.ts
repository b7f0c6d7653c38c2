import type { V1APIService } from '@kubernetes/client-node';

/** The aggregated API HorizontalPodAutoscalers read resource metrics from. */
export const METRICS_API_SERVICE = 'v1beta1.metrics.k8s.io';

export interface ApiServiceSummary {
  name: string;
  available: boolean;
  /** Why it is not available, from its Available condition. */
  reason: string | null;
}

export function summariseApiService(service: V1APIService): ApiServiceSummary {
  const condition = service.status?.conditions?.find(
    c => c.type === 'Available',
  );
  return {
    name: service.metadata?.name ?? '',
    available: condition?.status === 'True',
    reason:
      condition?.status === 'True'
        ? null
        : condition?.message ?? condition?.reason ?? 'no Available condition',
  };
}
