import { useSyncExternalStore } from 'react';

/**
 * The signed-in state of this tab. Only the token survives a reload (sessionStorage: one tab, gone
 * when the tab closes); who the user is comes from `GET /api/auth/me` every time the app loads.
 */
export interface SessionState {
  token: string | null;
  /** Why the last session ended, shown once on the login page (null after a normal logout). */
  notice: string | null;
  /** When the server will end the session if nothing happens (browser clock, ms). */
  idleDeadline: number | null;
  timeoutMinutes: number | null;
}

export const SESSION_NOTICES = {
  replaced: '다른 곳에서 로그인하여 로그아웃되었습니다. 본인이 아니라면 비밀번호를 변경해 주세요.',
  expired: '장시간 미사용으로 로그아웃되었습니다. 다시 로그인해 주세요.',
} as const;

const KEY = 'hanjullo.session';
const listeners = new Set<() => void>();

function readToken(): string | null {
  try {
    const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
    const parsed = raw === null ? null : (JSON.parse(raw) as { token?: unknown });
    return typeof parsed?.token === 'string' && parsed.token !== '' ? parsed.token : null;
  } catch {
    return null;
  }
}

let state: SessionState = { token: readToken(), notice: null, idleDeadline: null, timeoutMinutes: null };

function update(next: Partial<SessionState>): void {
  state = { ...state, ...next };
  listeners.forEach((notify) => notify());
}

export function getSessionState(): SessionState {
  return state;
}

export function getToken(): string | null {
  return state.token;
}

/** After a login (or 2FA) answered with a token. */
export function startSession(token: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ token }));
  update({ token, notice: null, idleDeadline: null, timeoutMinutes: null });
}

/** Drops the local session; `notice` tells the login page why (null: the user logged out). */
export function endSession(notice: string | null = null): void {
  sessionStorage.removeItem(KEY);
  update({ token: null, notice, idleDeadline: null, timeoutMinutes: null });
}

/** The server's answer to me / extend-session, already converted to the browser clock. */
export function setIdleDeadline(deadline: number, timeoutMinutes: number): void {
  update({ idleDeadline: deadline, timeoutMinutes });
}

/** Any authenticated request the server accepted slid its idle timer: slide ours the same way. */
export function touchSession(now = Date.now()): void {
  if (state.token === null || state.timeoutMinutes === null) return;
  update({ idleDeadline: now + state.timeoutMinutes * 60_000 });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getSnapshot = () => state;

export function useSessionState(): SessionState {
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
