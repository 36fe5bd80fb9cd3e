/** Demo logins (development only; printed by `pnpm start` and listed in the README). */
export const DEMO = {
  password: 'Hanjul!2026',
  superAdmin: { loginId: 'superadmin', name: '시스템 관리자', phone: '01090010001' },
  companyAdmin: { loginId: 'demo-admin', name: '데모 관리자', phone: '01090010002', type: 'admin' as const },
  marketer: { loginId: 'demo-user', name: '데모 마케터', phone: '01090010003', type: 'user' as const },
  company: {
    code: 'DEMO',
    name: '데모상사',
    optOut080: '0807196700',
    callback: '0212345678',
    syncKey: 'demo-sync-key',
    syncSecret: 'demo-sync-secret',
  },
} as const;
