import { useSyncExternalStore } from 'react';

/** What the SPA keeps after login. Lives in sessionStorage: one tab, gone when the tab closes. */
export interface StoredSession {
  token: string;
  user: { name: string };
}

const KEY = 'hanjullo.session';
const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cachedSession: StoredSession | null = null;

function readRaw(): string | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function getSession(): StoredSession | null {
  const raw = readRaw();
  if (raw === cachedRaw) return cachedSession;
  cachedRaw = raw;
  try {
    cachedSession = raw === null ? null : (JSON.parse(raw) as StoredSession);
  } catch {
    cachedSession = null;
  }
  return cachedSession;
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

export function saveSession(session: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  listeners.forEach((notify) => notify());
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  listeners.forEach((notify) => notify());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): StoredSession | null {
  return useSyncExternalStore(subscribe, getSession, () => null);
}
