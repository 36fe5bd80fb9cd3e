import type { MeResponse } from '@hanjullo/shared';
import { createContext, useContext } from 'react';

/** The `/api/auth/me` answer, provided by RequireSession to every signed-in page. */
export const CurrentSessionContext = createContext<MeResponse | null>(null);

export function useCurrentSession(): MeResponse {
  const session = useContext(CurrentSessionContext);
  if (!session) throw new Error('useCurrentSession must be used inside <RequireSession>');
  return session;
}
