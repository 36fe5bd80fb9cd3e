import { z } from 'zod';
import { PageParam, pageSizeParam, pagedList } from './paging.js';
import { CallbackNumberInput } from './callback-numbers.js';
import { TargetFilter } from '../targeting/filter.js';

/**
 * Campaigns, runs, test contacts and direct sends (SPEC § D). The stored body is always the pure
 * body; what a recipient receives is built by the one message builder (`buildMessage`) at preview,
 * test send and real send. Instants are ISO strings (UTC); people see them in KST.
 */

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });
const Instant = z.iso.datetime({ offset: true, error: '날짜·시간 형식이 올바르지 않습니다 (ISO 8601).' });
const count = z.number().int().min(0);

export const CAMPAIGN_STATUSES = [
  'draft', 'scheduled', 'dispatching', 'sending', 'completed', 'partially_failed', 'failed', 'cancelled',
] as const;
export const CampaignStatus = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

export const CAMPAIGN_STATUS_LABELS: Readonly<Record<CampaignStatus, string>> = {
  draft: '작성 중',
  scheduled: '예약됨',
  dispatching: '발송 준비 중',
  sending: '발송 중',
  completed: '완료',
  partially_failed: '일부 실패',
  failed: '실패',
  cancelled: '취소됨',
};

export const MessageTypeInput = z.enum(['SMS', 'LMS', 'MMS'], { error: '메시지 유형은 SMS, LMS, MMS 중 하나입니다.' });

/** `fixed`: one registered number for everyone; `individual`: each recipient's store phone. */
export const CallbackChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed'), number: CallbackNumberInput }),
  z.object({ mode: z.literal('individual') }),
], { error: '회신번호 방식은 fixed(번호 지정) 또는 individual(개별회신번호)입니다.' });
export type CallbackChoice = z.infer<typeof CallbackChoice>;

/** An MMS image already placed where the agent can read it (path on the agent host or URL). */
export const MmsImageInput = z.object({
  name: z.string().trim().min(1, { error: '이미지 경로를 입력해 주세요.' }).max(120, { error: '이미지 경로는 120자 이하입니다.' }),
  sizeBytes: z.number().int().min(0),
  mime: z.string().max(50).optional(),
});
export type MmsImageInput = z.infer<typeof MmsImageInput>;

const Name = z.string({ error: '캠페인 이름을 입력해 주세요.' }).trim().min(1, { error: '캠페인 이름을 입력해 주세요.' })
  .max(100, { error: '캠페인 이름은 100자 이하입니다.' });
const Body = z.string({ error: '메시지 내용을 입력해 주세요.' }).max(4000, { error: '메시지가 너무 깁니다.' });
const Subject = z.string().max(200).nullable().optional();
const SplitPerMinute = z.number().int().min(1, { error: '분당 발송 건수는 1 이상입니다.' }).max(100_000).nullable().optional();

/** The message part shared by campaigns and direct sends. */
export const MessageInput = z.object({
  messageType: MessageTypeInput,
  subject: Subject,
  body: Body,
  isAd: z.boolean({ error: '광고 여부는 true/false입니다.' }),
  callback: CallbackChoice,
  mmsImages: z.array(MmsImageInput).max(5).default([]),
});
export type MessageInput = z.infer<typeof MessageInput>;

/**
 * A campaign draft. With `templateId` (a saved message template the user may see: their own or one
 * shared with the company) the message type, subject, body and ad flag come from the template,
 * each unless given here; without it they are required.
 */
export const CreateCampaignBody = MessageInput.partial({ messageType: true, body: true, isAd: true }).extend({
  name: Name,
  targetFilter: TargetFilter,
  scheduledAt: Instant.nullable().optional(),
  splitPerMinute: SplitPerMinute,
  templateId: Uuid.optional(),
}).superRefine((b, ctx) => {
  if (b.templateId !== undefined) return;
  const missing: Array<[keyof typeof b, string]> = [
    ['messageType', '메시지 유형(SMS, LMS, MMS)을 선택하거나 템플릿을 지정해 주세요.'],
    ['body', '메시지 내용을 입력하거나 템플릿을 지정해 주세요.'],
    ['isAd', '광고 여부(true/false)를 보내거나 템플릿을 지정해 주세요.'],
  ];
  for (const [key, message] of missing) {
    if (b[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message });
  }
});
export type CreateCampaignBody = z.infer<typeof CreateCampaignBody>;

export const UpdateCampaignMessageBody = MessageInput;
export type UpdateCampaignMessageBody = z.infer<typeof UpdateCampaignMessageBody>;

export const SendCampaignBody = z.object({
  /** Absent/null = now. */
  scheduledAt: Instant.nullable().optional(),
  splitPerMinute: SplitPerMinute,
}).default({});
export type SendCampaignBody = z.infer<typeof SendCampaignBody>;

export const RescheduleCampaignBody = z.object({
  scheduledAt: Instant,
  splitPerMinute: SplitPerMinute,
  /** Admins overriding the 15-minute lock say why. */
  reason: z.string().trim().max(500).optional(),
});
export type RescheduleCampaignBody = z.infer<typeof RescheduleCampaignBody>;

export const CancelCampaignBody = z.object({
  /** Required for company admins and super admins (audited). */
  reason: z.string().trim().max(500).optional(),
}).default({});
export type CancelCampaignBody = z.infer<typeof CancelCampaignBody>;

export const CampaignIdParams = z.object({ id: Uuid });
export const CompanyCampaignParams = z.object({ companyId: Uuid, id: Uuid });
export const CampaignRecipientParams = z.object({ id: Uuid, phone: z.string().min(4).max(30) });

export const CampaignListQuery = z.object({
  /** KST calendar month `YYYY-MM`: campaigns scheduled or created in it. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '월은 YYYY-MM 형식입니다.' }).optional(),
  status: CampaignStatus.optional(),
  page: PageParam,
  pageSize: pageSizeParam(200, 50),
});
export type CampaignListQuery = z.infer<typeof CampaignListQuery>;

export const RunCounts = z.object({
  matched: count,
  excludedOptOut: count,
  excludedNoConsent: count,
  excludedDuplicate: count,
  excludedCallback: count,
  excludedFrequency: count,
  total: count,
  queued: count,
  success: count,
  failed: count,
  pending: count,
  cancelled: count,
  notCancellable: count,
});
export type RunCounts = z.infer<typeof RunCounts>;

export const CampaignRun = z.object({
  id: z.string(),
  kind: z.enum(['send', 'test']),
  status: z.enum(['scheduled', 'dispatching', 'sending', 'completed', 'partially_failed', 'failed', 'cancelled']),
  counts: RunCounts,
  unitPrice: z.string(),
  /** Set while the night window or the company send window holds the remaining batches. */
  pausedUntil: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.string(),
  dispatchedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type CampaignRun = z.infer<typeof CampaignRun>;

export const Campaign = z.object({
  id: z.string(),
  companyId: z.string(),
  kind: z.enum(['target', 'direct']),
  name: z.string(),
  status: CampaignStatus,
  statusLabel: z.string(),
  targetFilter: z.unknown().nullable(),
  messageType: MessageTypeInput,
  subject: z.string().nullable(),
  /** Pure body as written (no ad wrap). */
  body: z.string(),
  isAd: z.boolean(),
  callback: z.object({ mode: z.enum(['fixed', 'individual']), number: z.string().nullable() }),
  mmsImages: z.array(MmsImageInput),
  scheduledAt: z.string().nullable(),
  splitPerMinute: z.number().nullable(),
  createdBy: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The send run (absent while a draft). */
  run: CampaignRun.nullable(),
  /** Marketers may not change it any more (15 minutes before the send). */
  locked: z.boolean(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignList = pagedList(Campaign);
export type CampaignList = z.infer<typeof CampaignList>;

export const BuiltMessageView = z.object({
  ok: z.boolean(),
  type: MessageTypeInput,
  subject: z.string().nullable(),
  body: z.string(),
  bytes: z.number().int(),
  limit: z.number().int(),
  errors: z.array(z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })),
});
export type BuiltMessageView = z.infer<typeof BuiltMessageView>;

export const CampaignPreview = z.object({
  target: z.object({
    matched: count,
    optedOut: count,
    noConsent: count,
    duplicatePhones: count,
    /** Phones taken out of this campaign by hand (DELETE …/recipients/:phone). */
    removedByHand: count,
    /** Individual callback: the customer's store phone is not a number registered to the company. */
    excludedCallback: count,
    /** Received a send of the company within its duplicate-prevention days. */
    excludedFrequency: count,
    final: count,
  }),
  /** The final message for a real recipient of the target (null when nobody matches). */
  sample: z.object({ phone: z.string(), name: z.string().nullable(), message: BuiltMessageView }).nullable(),
  /** Size check with the longest real values. */
  message: BuiltMessageView,
  unitPrice: z.string(),
  estimatedCost: z.string(),
});
export type CampaignPreview = z.infer<typeof CampaignPreview>;

export const CancelResult = z.object({
  campaign: Campaign,
  /** Queue rows taken back before the agent picked them up. */
  cancelled: count,
  /** Rows already with the agent/relay: they will get a real result. */
  notCancellable: count,
  /** Amount returned to the balance (exactly the unsent count × unit price once settled). */
  refund: z.string().nullable(),
});
export type CancelResult = z.infer<typeof CancelResult>;

export const TestSendResult = z.object({
  runId: z.string(),
  status: z.string(),
  total: count,
  excludedOptOut: count,
});
export type TestSendResult = z.infer<typeof TestSendResult>;

export const TestContact = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  /** true = shared with the company; false = personal. */
  shared: z.boolean(),
  createdAt: z.string(),
});
export type TestContact = z.infer<typeof TestContact>;

export const CreateTestContactBody = z.object({
  name: z.string().trim().min(1, { error: '이름을 입력해 주세요.' }).max(50),
  phone: z.string().max(30),
  shared: z.boolean().default(false),
});
export type CreateTestContactBody = z.infer<typeof CreateTestContactBody>;

export const TestContactList = z.object({ items: z.array(TestContact) });
export type TestContactList = z.infer<typeof TestContactList>;
export const TestContactIdParams = z.object({ id: Uuid });

/** One pasted/uploaded recipient with the simple variables 이름 / 기타1–3 / 회신번호. */
export const DirectRecipientInput = z.object({
  phone: z.union([z.string(), z.number()]),
  이름: z.string().max(100).nullable().optional(),
  기타1: z.string().max(200).nullable().optional(),
  기타2: z.string().max(200).nullable().optional(),
  기타3: z.string().max(200).nullable().optional(),
  회신번호: z.string().max(30).nullable().optional(),
});
export type DirectRecipientInput = z.infer<typeof DirectRecipientInput>;

export const DIRECT_SEND_MAX_RECIPIENTS = 50_000;

export const DirectSendBody = MessageInput.extend({
  name: Name.optional(),
  /** Either `text` (one recipient per line: phone[,이름[,기타1[,기타2[,기타3[,회신번호]]]]]) or `recipients`. */
  text: z.string().max(5_000_000).optional(),
  recipients: z.array(DirectRecipientInput).max(DIRECT_SEND_MAX_RECIPIENTS).optional(),
  /** Or a saved address book (its entries' 이름 / 기타1–3 become the variables). */
  addressBookId: Uuid.optional(),
  scheduledAt: Instant.nullable().optional(),
  splitPerMinute: SplitPerMinute,
}).refine((b) => b.text !== undefined || b.recipients !== undefined || b.addressBookId !== undefined, {
  error: '수신자를 입력해 주세요 (text, recipients 또는 addressBookId).',
}).refine((b) => b.addressBookId === undefined || (b.text === undefined && b.recipients === undefined), {
  error: '주소록과 직접 입력한 수신자는 함께 보낼 수 없습니다.',
});
export type DirectSendBody = z.infer<typeof DirectSendBody>;

export const DirectSendResult = z.object({
  campaign: Campaign,
  accepted: count,
  /** Lines that are not Korean mobile numbers: line number (1-based) and what was given. */
  invalid: z.array(z.object({ line: z.number().int(), value: z.string() })),
  duplicatesInInput: count,
});
export type DirectSendResult = z.infer<typeof DirectSendResult>;

/**
 * A recipients file for a direct send or an address book: .csv (UTF-8 or CP949), .txt (one number
 * per line), .xlsx, .xls (first sheet). Columns: phone + optional 이름 / 기타1–3 / 회신번호, found by
 * their header (Korean or English aliases); a file without a header has phones in its first column
 * and then 이름, 기타1, 기타2, 기타3, 회신번호 in that order.
 */
export const RECIPIENTS_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const RecipientsFileType = z.enum(['csv', 'txt', 'xlsx', 'xls']);
export type RecipientsFileType = z.infer<typeof RecipientsFileType>;

const fileColumn = z.string().nullable();

export const RecipientsFileInfo = z.object({
  originalName: z.string(),
  fileType: RecipientsFileType,
  /** CSV/TXT: how the bytes were decoded; null for spreadsheets. */
  encoding: z.enum(['utf-8', 'cp949']).nullable(),
  hasHeader: z.boolean(),
  /** Field → the column it is read from (its header, or `열N` without one); null = not in the file. */
  columns: z.object({ phone: z.string(), 이름: fileColumn, 기타1: fileColumn, 기타2: fileColumn, 기타3: fileColumn, 회신번호: fileColumn }),
  /** Non-empty data rows (header excluded). */
  totalRows: count,
});
export type RecipientsFileInfo = z.infer<typeof RecipientsFileInfo>;

/** A line whose phone was already on an earlier line (`firstLine`); line numbers as the file shows them. */
export const RecipientsFileDuplicate = z.object({ line: z.number().int(), phone: z.string(), firstLine: z.number().int() });
export type RecipientsFileDuplicate = z.infer<typeof RecipientsFileDuplicate>;

/** A normalised recipient, ready for `POST /api/direct-sends` `recipients` (empty values left out). */
export const DirectRecipient = z.object({
  phone: z.string(),
  이름: z.string().optional(),
  기타1: z.string().optional(),
  기타2: z.string().optional(),
  기타3: z.string().optional(),
  회신번호: z.string().optional(),
});
export type DirectRecipient = z.infer<typeof DirectRecipient>;

export const DirectRecipientsFileResult = RecipientsFileInfo.extend({
  /** Distinct valid mobiles in file order (the first line of a repeated phone wins). */
  recipients: z.array(DirectRecipient),
  /** Lines that are not Korean mobile numbers: line number as the file shows it, and what it held. */
  invalid: z.array(z.object({ line: z.number().int(), value: z.string() })),
  duplicates: z.array(RecipientsFileDuplicate),
  duplicatesInInput: count,
});
export type DirectRecipientsFileResult = z.infer<typeof DirectRecipientsFileResult>;
