import { z } from 'zod';

export const ServiceCheck = z.object({
  ok: z.boolean(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});
export type ServiceCheck = z.infer<typeof ServiceCheck>;

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({
    postgres: ServiceCheck,
    mysql: ServiceCheck,
    redis: ServiceCheck,
  }),
  /** Names of the services that did not answer (empty when healthy). */
  down: z.array(z.enum(['postgres', 'mysql', 'redis'])),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const VersionResponse = z.object({
  name: z.string(),
  version: z.string(),
  commit: z.string(),
  node: z.string(),
});
export type VersionResponse = z.infer<typeof VersionResponse>;

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
