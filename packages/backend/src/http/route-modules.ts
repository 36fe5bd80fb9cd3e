import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { AppDeps } from '../app.js';
import { registerSystemOpenApi, systemRoutes } from '../modules/system/system.routes.js';
import { authRoutes, registerAuthOpenApi } from '../modules/auth/auth.routes.js';
import { auditRoutes, registerAuditOpenApi } from '../modules/audit/audit.routes.js';
import { lineGroupRoutes, registerLineGroupOpenApi } from '../modules/line-groups/line-groups.routes.js';
import { qtmsgRoutes, registerQtmsgOpenApi } from '../modules/qtmsg/qtmsg.routes.js';
import { companyRoutes, registerCompanyOpenApi } from '../modules/companies/companies.routes.js';
import { planRoutes, registerPlanOpenApi } from '../modules/plans/plans.routes.js';
import { registerUserOpenApi, userRoutes } from '../modules/users/users.routes.js';
import { callbackNumberRoutes, registerCallbackNumberOpenApi } from '../modules/callback-numbers/callback-numbers.routes.js';
import { syncRoutes } from '../modules/sync/sync.routes.js';
import { registerSyncOpenApi } from '../modules/sync/sync.openapi.js';
import { registerSyncAdminOpenApi, syncAdminRoutes } from '../modules/sync/sync-admin.routes.js';
import { customerRoutes, registerCustomerOpenApi } from '../modules/customers/customers.routes.js';
import { registerUploadOpenApi, uploadRoutes } from '../modules/uploads/uploads.routes.js';
import { billingRoutes, registerBillingOpenApi } from '../modules/billing/billing.routes.js';
import { registerTargetingOpenApi, targetingRoutes } from '../modules/targeting/targeting.routes.js';
import { campaignRoutes, registerCampaignOpenApi } from '../modules/campaigns/campaigns.routes.js';
import { directSendRoutes, registerDirectSendOpenApi } from '../modules/direct-sends/direct-sends.routes.js';
import { registerTemplateOpenApi, templateRoutes } from '../modules/templates/templates.routes.js';
import { addressBookRoutes, registerAddressBookOpenApi } from '../modules/address-books/address-books.routes.js';
import { registerResultOpenApi, resultRoutes } from '../modules/results/results.routes.js';
import { aiRoutes, registerAiOpenApi } from '../modules/ai/ai.routes.js';
import { optOutRoutes, registerOptOutOpenApi } from '../modules/opt-outs/opt-outs.routes.js';
import { registerUnsubscribeOpenApi, unsubscribeRoutes } from '../modules/unsubscribes/unsubscribes.routes.js';
import { registerSpamFilterOpenApi, spamFilterRoutes } from '../modules/spam-filter/spam-filter.routes.js';

export { syncBodyParser } from '../modules/sync/sync.routes.js';

export interface RouteModule {
  routes: (deps: AppDeps) => Router;
  register: (registry: OpenAPIRegistry) => void;
}

/** Every HTTP module, mounted in this order; each documents its routes in the OpenAPI registry. */
export const ROUTE_MODULES: readonly RouteModule[] = [
  { routes: systemRoutes, register: registerSystemOpenApi },
  { routes: authRoutes, register: registerAuthOpenApi },
  { routes: auditRoutes, register: registerAuditOpenApi },
  { routes: lineGroupRoutes, register: registerLineGroupOpenApi },
  { routes: qtmsgRoutes, register: registerQtmsgOpenApi },
  { routes: companyRoutes, register: registerCompanyOpenApi },
  { routes: planRoutes, register: registerPlanOpenApi },
  { routes: userRoutes, register: registerUserOpenApi },
  { routes: callbackNumberRoutes, register: registerCallbackNumberOpenApi },
  { routes: syncRoutes, register: registerSyncOpenApi },
  { routes: syncAdminRoutes, register: registerSyncAdminOpenApi },
  // uploads before customers: /api/customers/uploads must not be read as /api/customers/:id
  { routes: uploadRoutes, register: registerUploadOpenApi },
  { routes: customerRoutes, register: registerCustomerOpenApi },
  { routes: billingRoutes, register: registerBillingOpenApi },
  { routes: targetingRoutes, register: registerTargetingOpenApi },
  { routes: campaignRoutes, register: registerCampaignOpenApi },
  { routes: directSendRoutes, register: registerDirectSendOpenApi },
  { routes: templateRoutes, register: registerTemplateOpenApi },
  { routes: addressBookRoutes, register: registerAddressBookOpenApi },
  { routes: resultRoutes, register: registerResultOpenApi },
  { routes: aiRoutes, register: registerAiOpenApi },
  { routes: optOutRoutes, register: registerOptOutOpenApi },
  { routes: unsubscribeRoutes, register: registerUnsubscribeOpenApi },
  { routes: spamFilterRoutes, register: registerSpamFilterOpenApi },
];
