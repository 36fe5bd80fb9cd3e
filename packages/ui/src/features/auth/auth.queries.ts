import {
  ExtendSessionResponse,
  LoginResponse,
  MeResponse,
  SessionResponse,
  type ChangePasswordBody,
  type LoginBody,
  type TwoFactorVerifyBody,
} from '@hanjullo/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError, apiRequest, errorMessage } from '../../api/client.js';
import { useToast } from '../../components/index.js';
import { toLocalTime } from '../../lib/server-clock.js';
import { endSession, getSessionState, setIdleDeadline, startSession, useSessionState } from '../../session.js';
import { useAppConfig } from '../../app-config.js';

export const meQueryKey = (token: string | null) => ['auth', 'me', token] as const;

/** Who is signed in on this tab; restores the session after a reload. Disabled without a token. */
export function useMe() {
  const { token } = useSessionState();
  const { surface } = useAppConfig();
  return useQuery({
    queryKey: meQueryKey(token),
    enabled: token !== null,
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const me = await apiRequest('/api/auth/me', { schema: MeResponse, signal });
      // Only reachable through the dev-only ?surface= override on one origin.
      if (me.surface !== surface) {
        endSession('다른 화면의 로그인 정보입니다. 이 화면에서 다시 로그인해 주세요.');
        throw new ApiError(401, 'wrong_surface', '다른 화면의 로그인 정보입니다.');
      }
      setIdleDeadline(toLocalTime(me.idleExpiresAt), me.sessionTimeoutMinutes);
      return me;
    },
  });
}

/** Without two-factor (company-admin) the answer must be a session; anything else is an invalid response. */
export function useLogin() {
  const { hasTwoFactor } = useAppConfig();
  const schema: z.ZodType<LoginResponse> = hasTwoFactor ? LoginResponse : SessionResponse;
  return useMutation({
    mutationFn: (body: LoginBody) => apiRequest('/api/auth/login', { method: 'POST', body, schema }),
    onSuccess: (data) => {
      if ('token' in data) startSession(data.token);
    },
  });
}

export function useVerifyTwoFactor() {
  return useMutation({
    mutationFn: (body: TwoFactorVerifyBody) =>
      apiRequest('/api/auth/2fa/verify', { method: 'POST', body, schema: SessionResponse }),
    onSuccess: (data) => startSession(data.token),
  });
}

export function useExtendSession() {
  const toast = useToast();
  return useMutation({
    mutationFn: () => apiRequest('/api/auth/extend-session', { method: 'POST', schema: ExtendSessionResponse }),
    onSuccess: (data) => {
      const { timeoutMinutes } = getSessionState();
      if (timeoutMinutes !== null) setIdleDeadline(toLocalTime(data.idleExpiresAt), timeoutMinutes);
      toast.show('로그인 시간이 연장되었습니다.', 'success');
    },
    onError: (error) => {
      if (!(error instanceof ApiError && error.status === 401)) toast.show(errorMessage(error), 'error');
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => apiRequest('/api/auth/change-password', { method: 'POST', body }),
    // The server cleared must_change_password and ended this account's other sessions.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['auth', 'me'] }),
  });
}

/**
 * Revokes the server session; the local one is dropped whatever the server says. Feedback lives
 * here, not in `mutate` callbacks: dropping the session unmounts the page that asked.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: () => apiRequest('/api/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      endSession();
      toast.show('로그아웃되었습니다.', 'success');
    },
    onError: (error) => {
      // 401: the server had already ended the session and the login page says why.
      if (error instanceof ApiError && error.status === 401) return;
      endSession();
      toast.show(`로그아웃 처리 중 문제가 있었습니다: ${errorMessage(error)}`, 'error');
    },
    onSettled: () => queryClient.clear(),
  });
}
