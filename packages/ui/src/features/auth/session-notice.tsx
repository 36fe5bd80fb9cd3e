import { useSessionState } from '../../session.js';

/** Why the previous session ended (replaced by another login, idle timeout, …). */
export function SessionNotice() {
  const { notice } = useSessionState();
  if (notice === null) return null;
  return (
    <p className="notice" role="status">
      {notice}
    </p>
  );
}
