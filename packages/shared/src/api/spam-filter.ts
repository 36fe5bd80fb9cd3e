import { z } from 'zod';
import { pagedList, PageParam, pageSizeParam } from './paging.js';

/**
 * Carrier spam-filter test (SPEC § E, QTMSG.md §4 "Test phones"): the exact final SMS and/or LMS
 * goes to one registered test phone per carrier on the test line; the phone app reports what
 * arrived; the server compares carrier results with reports and gives one verdict per phone and type.
 */

export const SPAM_CARRIERS = ['SKT', 'KT', 'LGU'] as const;
export const SpamCarrier = z.enum(SPAM_CARRIERS, { error: '통신사는 SKT, KT, LGU 중 하나입니다.' });
export type SpamCarrier = z.infer<typeof SpamCarrier>;

/** `LG U+`, `lgu+`, `kt` → the canonical code before validation. */
const CarrierInput = z.preprocess(
  (v) => (typeof v === 'string' ? v.toUpperCase().replace(/[\s+]/g, '').replace(/^LG$/, 'LGU') : v),
  SpamCarrier,
);

export const SPAM_TEST_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export const SpamTestStatus = z.enum(SPAM_TEST_STATUSES);
export type SpamTestStatus = z.infer<typeof SpamTestStatus>;

export const SPAM_VERDICTS = ['pending', 'received', 'blocked', 'failed', 'timeout', 'inconclusive'] as const;
export const SpamVerdict = z.enum(SPAM_VERDICTS);
export type SpamVerdict = z.infer<typeof SpamVerdict>;

/** `S`/`L` as written to QTmsg `msg_type`; the app may also say `SMS`/`LMS`/`MMS`. */
const ReportedType = z.preprocess(
  (v) => (typeof v === 'string' ? ({ SMS: 'S', LMS: 'L', MMS: 'M' } as Record<string, string>)[v.toUpperCase()] ?? v.toUpperCase() : v),
  z.enum(['S', 'L', 'M'], { error: '메시지 종류는 SMS, LMS, MMS 중 하나입니다.' }),
);

// ---- phone app (X-Spam-Token) ----

export const RegisterSpamDeviceBody = z.object({
  carrier: CarrierInput,
  phone: z.string().trim().transform((v) => v.replace(/[^0-9]/g, '')).pipe(
    z.string().regex(/^01\d{8,9}$/, { error: '휴대폰 번호 형식이 올바르지 않습니다.' }),
  ),
  deviceId: z.string().trim().min(1).max(100),
  appVersion: z.string().trim().max(50).optional(),
});
export type RegisterSpamDeviceBody = z.infer<typeof RegisterSpamDeviceBody>;

export const SpamDeviceRegistered = z.object({ id: z.string(), deviceId: z.string(), carrier: SpamCarrier, lastSeenAt: z.string() });
export type SpamDeviceRegistered = z.infer<typeof SpamDeviceRegistered>;

export const SpamReportBody = z.object({
  deviceId: z.string().trim().min(1).max(100),
  senderNumber: z.string().trim().min(1).max(30),
  messageContent: z.string().max(10_000),
  messageType: ReportedType,
});
export type SpamReportBody = z.infer<typeof SpamReportBody>;

export const SpamReportResult = z.object({ matched: z.boolean(), testId: z.string().nullable() });
export type SpamReportResult = z.infer<typeof SpamReportResult>;

// ---- company users ----

const Body = z.string({ error: '내용을 입력해 주세요.' }).min(1, { error: '내용을 입력해 주세요.' }).max(4000);

export const CreateSpamTestBody = z
  .object({
    callbackNumber: z.string({ error: '회신번호를 선택해 주세요.' }).trim().min(1).max(30),
    sms: z.object({ body: Body, isAd: z.boolean().default(false) }).optional(),
    lms: z.object({ subject: z.string().max(200).default(''), body: Body, isAd: z.boolean().default(false) }).optional(),
  })
  .refine((b) => b.sms !== undefined || b.lms !== undefined, { error: 'SMS 또는 LMS 메시지를 하나 이상 입력해 주세요.' });
export type CreateSpamTestBody = z.infer<typeof CreateSpamTestBody>;

export const SpamTestIdParams = z.object({ id: z.uuid({ error: '테스트 ID 형식이 올바르지 않습니다.' }) });
export type SpamTestIdParams = z.infer<typeof SpamTestIdParams>;

export const SpamTestListQuery = z.object({
  page: PageParam,
  pageSize: pageSizeParam(100, 20),
});
export type SpamTestListQuery = z.infer<typeof SpamTestListQuery>;

export const SpamTestResult = z.object({
  deviceId: z.string(),
  carrier: SpamCarrier,
  /** `S` SMS or `L` LMS. */
  messageType: z.enum(['S', 'L']),
  verdict: SpamVerdict,
  statusCode: z.number().int().nullable(),
  /** The result code's label (e.g. why it failed). */
  statusLabel: z.string().nullable(),
  reportedAt: z.string().nullable(),
});
export type SpamTestResult = z.infer<typeof SpamTestResult>;

export const SpamTest = z.object({
  id: z.string(),
  status: SpamTestStatus,
  callbackNumber: z.string(),
  /** Final texts exactly as sent (ad wrap applied). */
  sms: z.object({ body: z.string() }).nullable(),
  lms: z.object({ subject: z.string(), body: z.string() }).nullable(),
  /** Tests of other companies ahead of this one while it is queued; 0 otherwise. */
  queuePosition: z.number().int(),
  excludedOptOut: z.number().int(),
  failureReason: z.string().nullable(),
  results: z.array(SpamTestResult),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type SpamTest = z.infer<typeof SpamTest>;

export const SpamTestPage = pagedList(SpamTest);
export type SpamTestPage = z.infer<typeof SpamTestPage>;

export const ActiveSpamTest = z.object({ test: SpamTest.nullable() });
export type ActiveSpamTest = z.infer<typeof ActiveSpamTest>;

// ---- super admin ----

export const SpamDevice = z.object({
  id: z.string(),
  deviceId: z.string(),
  carrier: SpamCarrier,
  /** Masked, e.g. 010-****-0001. */
  phone: z.string(),
  appVersion: z.string().nullable(),
  lastSeenAt: z.string(),
  registeredAt: z.string(),
  active: z.boolean(),
  /** Seen within the last 10 minutes. */
  online: z.boolean(),
});
export type SpamDevice = z.infer<typeof SpamDevice>;

export const SpamDeviceList = z.object({ items: z.array(SpamDevice) });
export type SpamDeviceList = z.infer<typeof SpamDeviceList>;

export const UnmatchedSpamReport = z.object({
  id: z.string(),
  deviceId: z.string().nullable(),
  senderNumber: z.string(),
  content: z.string(),
  messageType: z.string(),
  receivedAt: z.string(),
});
export const UnmatchedSpamReportList = z.object({ items: z.array(UnmatchedSpamReport) });
export type UnmatchedSpamReportList = z.infer<typeof UnmatchedSpamReportList>;
