import { describe, expect, it } from 'vitest';
import { resolveSurface } from './surface.js';

describe('resolveSurface', () => {
  it('serves the super-admin console on hosts starting with sys.', () => {
    expect(resolveSurface('sys.hanjullo.com', '', false)).toBe('super-admin');
    expect(resolveSurface('sys.localhost', '', false)).toBe('super-admin');
    expect(resolveSurface('SYS.Hanjullo.com', '', false)).toBe('super-admin');
  });

  it('serves the marketer service on every other host', () => {
    expect(resolveSurface('hanjul.ai', '', false)).toBe('service');
    expect(resolveSurface('hanjul.localhost', '', false)).toBe('service');
    expect(resolveSurface('localhost', '', false)).toBe('service');
    expect(resolveSurface('mysys.hanjul.ai', '', false)).toBe('service');
  });

  it('honours ?surface= only when overrides are allowed (dev)', () => {
    expect(resolveSurface('localhost', '?surface=super-admin', true)).toBe('super-admin');
    expect(resolveSurface('sys.localhost', '?surface=service', true)).toBe('service');
    expect(resolveSurface('hanjul.ai', '?surface=super-admin', false)).toBe('service');
  });

  it('ignores unknown ?surface= values', () => {
    expect(resolveSurface('localhost', '?surface=company-admin', true)).toBe('service');
    expect(resolveSurface('sys.localhost', '?surface=', true)).toBe('super-admin');
  });
});
