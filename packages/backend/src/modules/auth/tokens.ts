import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'hanjullo';
const AUDIENCE = 'hanjullo-api';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** The access token only names a session; whether it is still valid is decided by the session store. */
export async function signSessionToken(secret: string, sessionId: string, now: Date, expiresAt: Date): Promise<string> {
  return new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
}

/** Returns the session id, or null for a token that is malformed, forged or past its hard expiry. */
export async function verifySessionToken(secret: string, token: string, now: Date): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
    });
    return typeof payload.sid === 'string' ? payload.sid : null;
  } catch {
    return null;
  }
}
