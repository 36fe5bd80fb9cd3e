import bcrypt from 'bcrypt';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 72; // bcrypt ignores bytes past 72

/** bcrypt with a cost chosen by the caller's config (production 12). */
export async function hashPassword(password: string, rounds = 12): Promise<string> {
  if (password.length < PASSWORD_MIN || Buffer.byteLength(password) > PASSWORD_MAX) {
    throw new RangeError(`password must be ${PASSWORD_MIN}-${PASSWORD_MAX} bytes`);
  }
  return bcrypt.hash(password, rounds);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
