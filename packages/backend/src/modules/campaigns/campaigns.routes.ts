import { Router, type Request } from 'express';
import {
  CampaignIdParams,
  CampaignListQuery,
  CampaignRecipientParams,
  CancelCampaignBody,
  CompanyCampaignParams,
  CreateCampaignBody,
  CreateTestContactBody,
  RescheduleCampaignBody,
  SendCampaignBody,
  TestContactIdParams,
  UpdateCampaignMessageBody,
} from '@hanjullo/shared';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { actorOf, authenticate, getAuth, requireRole } from '../../http/authenticate.js';
import { parse } from '../../http/parse.js';
import { companyScopeOf } from '../scope/scope.js';
import { createCampaign, getCampaign, listCampaigns } from './campaigns.service.js';
import { cancelCampaign } from './cancel.service.js';
import { previewCampaign, testSendCampaign } from './preview.service.js';
import { removeCampaignRecipient, rescheduleCampaign, updateCampaignMessage } from './schedule.service.js';
import { sendCampaign } from './send.service.js';
import { createTestContact, deleteTestContact, listTestContacts } from './test-contacts.service.js';

export { registerCampaignOpenApi } from './campaigns.openapi.js';

const scopeOf = (req: Request) => companyScopeOf(getAuth(req));
const idOf = (req: Request) => parse(CampaignIdParams, req.params).id;
const idempotencyKeyOf = (req: Request) => req.header('Idempotency-Key') ?? undefined;
const ReasonQuery = z.object({ reason: z.string().trim().max(500).optional() });

/** Campaigns for marketers and company admins; super admins cancel through the admin path. */
export function campaignRoutes(deps: AppDeps): Router {
  const router = Router();
  const guard = [authenticate(deps), requireRole('company_user', 'company_admin')];

  router.post('/api/campaigns', ...guard, async (req, res) => {
    res.status(201).json(await createCampaign(deps, scopeOf(req), actorOf(req), parse(CreateCampaignBody, req.body)));
  });
  router.get('/api/campaigns', ...guard, async (req, res) => {
    res.json(await listCampaigns(deps, scopeOf(req), parse(CampaignListQuery, req.query)));
  });
  router.get('/api/campaigns/:id', ...guard, async (req, res) => {
    res.json(await getCampaign(deps, scopeOf(req), idOf(req)));
  });
  router.post('/api/campaigns/:id/preview', ...guard, async (req, res) => {
    res.json(await previewCampaign(deps, scopeOf(req), idOf(req)));
  });
  router.post('/api/campaigns/:id/test-send', ...guard, async (req, res) => {
    res.status(201).json(await testSendCampaign(deps, scopeOf(req), actorOf(req), idOf(req)));
  });
  router.post('/api/campaigns/:id/send', ...guard, async (req, res) => {
    const body = parse(SendCampaignBody, req.body ?? {});
    const scheduledAt = body.scheduledAt === undefined ? undefined : body.scheduledAt;
    const campaign = await getCampaign(deps, scopeOf(req), idOf(req));
    const at = scheduledAt === undefined ? campaign.scheduledAt : scheduledAt;
    res.status(202).json(await sendCampaign(deps, scopeOf(req), actorOf(req), idOf(req), {
      scheduledAt: at ? new Date(at) : null,
      splitPerMinute: body.splitPerMinute,
      idempotencyKey: idempotencyKeyOf(req),
    }));
  });
  router.post('/api/campaigns/:id/cancel', ...guard, async (req, res) => {
    const { reason } = parse(CancelCampaignBody, req.body ?? {});
    res.json(await cancelCampaign(deps, scopeOf(req), actorOf(req), idOf(req), reason));
  });
  router.put('/api/campaigns/:id/schedule', ...guard, async (req, res) => {
    res.json(await rescheduleCampaign(deps, scopeOf(req), actorOf(req), idOf(req), parse(RescheduleCampaignBody, req.body)));
  });
  router.put('/api/campaigns/:id/message', ...guard, async (req, res) => {
    const { reason } = parse(ReasonQuery, req.query);
    res.json(await updateCampaignMessage(deps, scopeOf(req), actorOf(req), idOf(req), parse(UpdateCampaignMessageBody, req.body), reason));
  });
  router.delete('/api/campaigns/:id/recipients/:phone', ...guard, async (req, res) => {
    const { id, phone } = parse(CampaignRecipientParams, req.params);
    res.json(await removeCampaignRecipient(deps, scopeOf(req), actorOf(req), id, phone));
  });

  router.post('/api/admin/companies/:companyId/campaigns/:id/cancel', authenticate(deps), requireRole('super_admin'), async (req, res) => {
    const { companyId, id } = parse(CompanyCampaignParams, req.params);
    const { reason } = parse(CancelCampaignBody, req.body ?? {});
    res.json(await cancelCampaign(deps, companyScopeOf(getAuth(req), companyId), actorOf(req), id, reason));
  });

  router.get('/api/test-contacts', ...guard, async (req, res) => {
    res.json(await listTestContacts(deps, scopeOf(req)));
  });
  router.post('/api/test-contacts', ...guard, async (req, res) => {
    res.status(201).json(await createTestContact(deps, scopeOf(req), parse(CreateTestContactBody, req.body)));
  });
  router.delete('/api/test-contacts/:id', ...guard, async (req, res) => {
    await deleteTestContact(deps, scopeOf(req), parse(TestContactIdParams, req.params).id);
    res.status(204).end();
  });
  return router;
}
