import { mountApp } from '@hanjullo/ui';
import { router } from './router.js';
import { BRANDING, SURFACE } from './surface.js';
import '@hanjullo/ui/styles.css';
import './styles.css';

document.title = BRANDING.name;

// The company-admin surface never asks for a second factor: a login answers a session or an error.
mountApp({ config: { surface: SURFACE, branding: BRANDING, hasTwoFactor: false }, router });
