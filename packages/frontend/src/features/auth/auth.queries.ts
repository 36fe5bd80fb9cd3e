import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, errorMessage } from '../../api/client.js';
import { useToast } from '../../components/index.js';
import { clearSession, saveSession } from '../../session.js';
import { AuthenticatedResponse, LoginResponse, type LoginBody, type VerifyTwoFactorBody } from './auth.schemas.js';

export function useLogin() {
  return useMutation({
    mutationFn: (body: LoginBody) => apiRequest('/api/auth/login', { method: 'POST', body, schema: LoginResponse }),
    onSuccess: (data) => {
      if ('token' in data) saveSession({ token: data.token, user: data.user });
    },
  });
}

export function useVerifyTwoFactor() {
  return useMutation({
    mutationFn: (body: VerifyTwoFactorBody) =>
      apiRequest('/api/auth/2fa/verify', { method: 'POST', body, schema: AuthenticatedResponse }),
    onSuccess: (data) => saveSession({ token: data.token, user: data.user }),
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
    onSuccess: () => toast.show('로그아웃되었습니다.', 'success'),
    onError: (error) => toast.show(`로그아웃 처리 중 문제가 있었습니다: ${errorMessage(error)}`, 'error'),
    onSettled: () => {
      clearSession();
      queryClient.clear();
    },
  });
}
