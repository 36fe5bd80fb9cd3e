import { mountApp } from '@hanjullo/ui';
import { createRouter } from './router.js';
import { BRANDING, detectSurface } from './surface.js';
import '@hanjullo/ui/styles.css';
import './styles.css';

// Decided once: later navigation drops `?surface=`, the surface must not change mid-session.
const surface = detectSurface();
document.title = BRANDING[surface].name;
document.documentElement.dataset.surface = surface;

mountApp({
  config: {
    surface,
    branding: BRANDING[surface],
    // Marketers and super admins may be asked for an SMS code after the password.
    hasTwoFactor: true,
    authFooterLinks: [{ to: '/status', label: '시스템 상태' }],
  },
  router: createRouter(surface),
});
