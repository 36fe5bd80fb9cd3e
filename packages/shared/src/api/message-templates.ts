import { z } from 'zod';
import { MessageTypeInput } from './campaigns.js';

/**
 * Saved message templates (SPEC § D): personal (visible to their owner) or shared with the company.
 * The body is the pure body; it is checked with the one message builder when saved.
 */

const Uuid = z.uuid({ error: '올바른 ID 형식이 아닙니다.' });

export const MessageTemplate = z.object({
  id: z.string(),
  name: z.string(),
  messageType: MessageTypeInput,
  subject: z.string().nullable(),
  body: z.string(),
  isAd: z.boolean(),
  /** true = shared with the company; false = personal. */
  shared: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

export const MessageTemplateList = z.object({ items: z.array(MessageTemplate) });
export type MessageTemplateList = z.infer<typeof MessageTemplateList>;

const TemplateFields = z.object({
  name: z.string({ error: '템플릿 이름을 입력해 주세요.' }).trim().min(1, { error: '템플릿 이름을 입력해 주세요.' })
    .max(100, { error: '템플릿 이름은 100자 이하입니다.' }),
  messageType: MessageTypeInput,
  subject: z.string().max(200).nullable().optional(),
  body: z.string({ error: '메시지 내용을 입력해 주세요.' }).max(4000, { error: '메시지가 너무 깁니다.' }),
  isAd: z.boolean({ error: '광고 여부는 true/false입니다.' }).default(false),
});

export const CreateMessageTemplateBody = TemplateFields.extend({ shared: z.boolean().default(false) });
export type CreateMessageTemplateBody = z.infer<typeof CreateMessageTemplateBody>;

/** Sharing is fixed at creation; an update replaces the message and name. */
export const UpdateMessageTemplateBody = TemplateFields;
export type UpdateMessageTemplateBody = z.infer<typeof UpdateMessageTemplateBody>;

export const MessageTemplateIdParams = z.object({ id: Uuid });
