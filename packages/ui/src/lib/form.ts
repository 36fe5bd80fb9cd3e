import { type z } from 'zod';

/** First message per top-level field of a failed parse, ready for TextField `error`. */
export function fieldErrors<K extends string>(error: z.ZodError): Partial<Record<K, string>> {
  const result: Partial<Record<K, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string' && !(key in result)) result[key as K] = issue.message;
  }
  return result;
}
