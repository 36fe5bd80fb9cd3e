import type { SyncVersionData } from '@hanjullo/shared';

/** `1.5.2`, `v1.5.2`, `1.5.2-beta` → [1, 5, 2]; null when there is no x.y.z at the start. */
export function parseVersion(v: string | null | undefined): [number, number, number] | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/i.exec((v ?? '').trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

export interface Release {
  version: string;
  download_url: string;
  checksum: string;
  release_notes: string | null;
  force_update: boolean;
}

/**
 * What `/version` (and the heartbeat) may tell an agent. The agent's self-updater replaces its
 * executable on `updateAvailable`/`forceUpdate`, so an update is claimed only when a registered
 * release (URL + checksum) is strictly newer than a parseable `current_version`. Otherwise
 * `latestVersion` echoes the agent's own version, so nothing looks newer than what it runs.
 */
export function resolveUpdate(currentVersion: string | undefined, releases: readonly Release[]): SyncVersionData {
  const current = parseVersion(currentVersion);
  const usable = releases
    .filter((r) => r.download_url && r.checksum)
    .map((r) => ({ r, v: parseVersion(r.version) }))
    .filter((x): x is { r: Release; v: [number, number, number] } => x.v !== null)
    .sort((a, b) => compareVersions(b.v, a.v));
  const newest = usable[0];
  if (current && newest && compareVersions(newest.v, current) > 0) {
    return {
      latestVersion: newest.r.version,
      ...(currentVersion ? { currentVersion } : {}),
      updateAvailable: true,
      downloadUrl: newest.r.download_url,
      checksum: newest.r.checksum,
      forceUpdate: newest.r.force_update,
      ...(newest.r.release_notes ? { releaseNotes: newest.r.release_notes } : {}),
    };
  }
  return {
    latestVersion: currentVersion ?? newest?.r.version ?? '0.0.0',
    ...(currentVersion ? { currentVersion } : {}),
    updateAvailable: false,
    forceUpdate: false,
  };
}
