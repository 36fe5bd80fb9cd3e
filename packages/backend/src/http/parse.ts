import type { z } from 'zod';
import { validationFailed } from '../errors.js';

/** Validates input with a shared zod schema; failures become a 400 listing each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join(', ');
  throw validationFailed(`입력값을 확인해 주세요. (${summary})`, { fields });
}
