import { HealthResponse } from '@hanjullo/shared';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@hanjullo/ui';

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    // 503 means "degraded": the body still lists which service is down.
    queryFn: ({ signal }) => apiRequest('/health', { schema: HealthResponse, acceptStatuses: [503], signal }),
    retry: false,
    refetchInterval: 30_000,
  });
}
