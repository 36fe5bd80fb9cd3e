import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { ErrorResponse } from '@hanjullo/shared';

export type { RouteConfig };


/** Each module registers its routes here from the shared zod schemas; the document is generated. */
export function createOpenApiRegistry(): OpenAPIRegistry {
  // schemas are used inline: zod 4 schemas are created before any prototype extension could apply
  return new OpenAPIRegistry();
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export function generateOpenApiDocument(registry: OpenAPIRegistry, version: string): OpenApiDocument {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: '한줄로 API', version, description: '한줄로 (Hanjullo) platform API' },
    servers: [{ url: '/' }],
  });
}

export const errorResponses = {
  400: { description: '입력 오류', content: { 'application/json': { schema: ErrorResponse } } },
  401: { description: '인증 필요', content: { 'application/json': { schema: ErrorResponse } } },
  403: { description: '권한 없음', content: { 'application/json': { schema: ErrorResponse } } },
  404: { description: '없음', content: { 'application/json': { schema: ErrorResponse } } },
} as const;
