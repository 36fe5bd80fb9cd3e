import { z } from 'zod';

/** Page number of a paged list query (1-based). */
export const PageParam = z.coerce
  .number({ error: '페이지는 숫자여야 합니다.' })
  .int()
  .min(1, { error: '페이지는 1 이상이어야 합니다.' })
  .default(1);

/** Page size of a paged list query, bounded by `max`. */
export function pageSizeParam(max: number, defaultSize: number) {
  return z.coerce
    .number({ error: '페이지 크기는 숫자여야 합니다.' })
    .int()
    .min(1, { error: '페이지 크기는 1 이상이어야 합니다.' })
    .max(max, { error: `페이지 크기는 ${max} 이하여야 합니다.` })
    .default(defaultSize);
}

/** The response shape of every paged list: one page of items plus the total. */
export function pagedList<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
