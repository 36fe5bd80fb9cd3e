import { z } from 'zod';
import { PageParam, pageSizeParam, pagedList } from './paging.js';
import { isPlainDate } from '../time.js';
import { RunResultSummary } from './qtmsg.js';

/**
 * Results of sends (SPEC § D "Results UI/API"). Counts come from the result job (stored on the run)
 * and, for one campaign's detail, straight from the one result reader over live + log tables.
 */

const count = z.number().int().min(0);
const PlainDate = z.string().refine(isPlainDate, { error: '날짜는 YYYY-MM-DD 형식입니다.' });

export const ResultsSummaryQuery = z.object({ from: PlainDate, to: PlainDate })
  .refine((q) => q.from <= q.to, { error: '시작일이 종료일보다 늦습니다.' });
export type ResultsSummaryQuery = z.infer<typeof ResultsSummaryQuery>;

export const ResultsSummary = z.object({
  from: z.string(),
  to: z.string(),
  campaigns: count,
  sent: count,
  success: count,
  failed: count,
  pending: count,
  cancelled: count,
  /** success / (success + failed), 0–1; null when nothing has a final result yet. */
  successRate: z.number().nullable(),
  /** What the successes cost (unit price snapshot × success), won. */
  cost: z.string(),
});
export type ResultsSummary = z.infer<typeof ResultsSummary>;

export const ResultCampaignListQuery = z.object({
  from: PlainDate.optional(),
  to: PlainDate.optional(),
  page: PageParam,
  pageSize: pageSizeParam(200, 50),
});
export type ResultCampaignListQuery = z.infer<typeof ResultCampaignListQuery>;

export const ResultCampaignItem = z.object({
  campaignId: z.string(),
  runId: z.string(),
  name: z.string(),
  kind: z.enum(['target', 'direct']),
  messageType: z.string(),
  status: z.string(),
  sentAt: z.string().nullable(),
  total: count,
  queued: count,
  success: count,
  failed: count,
  pending: count,
  cancelled: count,
  successRate: z.number().nullable(),
  cost: z.string(),
});
export type ResultCampaignItem = z.infer<typeof ResultCampaignItem>;

export const ResultCampaignList = pagedList(ResultCampaignItem);
export type ResultCampaignList = z.infer<typeof ResultCampaignList>;

export const ResultCampaignDetail = z.object({
  campaign: ResultCampaignItem,
  /** Live aggregate over the run's tables (live + log months): codes with labels, carriers. */
  results: RunResultSummary,
});
export type ResultCampaignDetail = z.infer<typeof ResultCampaignDetail>;
