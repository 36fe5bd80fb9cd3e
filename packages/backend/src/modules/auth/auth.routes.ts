import { Router, type Request } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  ChangePasswordBody,
  ExtendSessionResponse,
  LoginBody,
  LoginResponse,
  MeResponse,
  SessionResponse,
  TwoFactorVerifyBody,
} from '@hanjullo/shared';
import type { AppDeps } from '../../app.js';
import { parse } from '../../http/parse.js';
import { actorOf, authenticate, getAuth } from '../../http/authenticate.js';
import { errorResponses } from '../../http/openapi.js';
import * as auth from './auth.service.js';

const meta = (req: Request): auth.RequestMeta => ({
  ip: req.ip ?? 'unknown',
  userAgent: req.headers['user-agent'] ?? null,
});

export function authRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = authenticate(deps, { allowPendingPasswordChange: true });

  router.post('/api/auth/login', async (req, res) => {
    res.json(await auth.login(deps, parse(LoginBody, req.body), meta(req)));
  });

  router.post('/api/auth/2fa/verify', async (req, res) => {
    const body = parse(TwoFactorVerifyBody, req.body);
    res.json(await auth.verifyTwoFactor(deps, body.challengeId, body.code, meta(req)));
  });

  router.post('/api/auth/logout', signedIn, async (req, res) => {
    await auth.logout(deps, getAuth(req), actorOf(req));
    res.status(204).end();
  });

  router.get('/api/auth/me', signedIn, (req, res) => {
    res.json(auth.describeSession(getAuth(req)));
  });

  // authenticate() already slid the idle timer; this answers the new deadline
  router.post('/api/auth/extend-session', signedIn, (req, res) => {
    res.json({ idleExpiresAt: getAuth(req).idleExpiresAt.toISOString() });
  });

  router.post('/api/auth/change-password', signedIn, async (req, res) => {
    await auth.changePassword(deps, getAuth(req), parse(ChangePasswordBody, req.body), actorOf(req));
    res.status(204).end();
  });

  return router;
}

const json = <T>(schema: T) => ({ 'application/json': { schema } });

export function registerAuthOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['auth'];
  registry.registerPath({
    method: 'post', path: '/api/auth/login', tags,
    summary: '로그인 (슈퍼관리자는 SMS 인증 단계로 이어짐)',
    request: { body: { content: json(LoginBody) } },
    responses: { 200: { description: '세션 또는 2단계 인증 요청', content: json(LoginResponse) }, ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/auth/2fa/verify', tags, summary: '슈퍼관리자 인증번호 확인',
    request: { body: { content: json(TwoFactorVerifyBody) } },
    responses: { 200: { description: '세션', content: json(SessionResponse) }, ...errorResponses },
  });
  registry.registerPath({ method: 'post', path: '/api/auth/logout', tags, summary: '로그아웃', responses: { 204: { description: '종료됨' } } });
  registry.registerPath({
    method: 'get', path: '/api/auth/me', tags, summary: '현재 세션',
    responses: { 200: { description: '세션 정보', content: json(MeResponse) }, ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/auth/extend-session', tags, summary: '세션 연장',
    responses: { 200: { description: '새 만료 시각', content: json(ExtendSessionResponse) }, ...errorResponses },
  });
  registry.registerPath({
    method: 'post', path: '/api/auth/change-password', tags, summary: '비밀번호 변경',
    request: { body: { content: json(ChangePasswordBody) } },
    responses: { 204: { description: '변경됨' }, ...errorResponses },
  });
}
