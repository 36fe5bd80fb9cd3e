import type { AppDeps } from '../../app.js';
import { getAuthSmsTable } from '../line-groups/line-groups.service.js';
import { sendSingleMessage } from '../qtmsg/queue-writer.js';

/**
 * Platform messages to one person go out on the auth line only (a campaign blast can never delay
 * them). `app_etc1` carries the challenge id so the row can be traced.
 */
export async function sendAuthCode(deps: AppDeps, phone: string, code: string, challengeId: string): Promise<void> {
  const table = await getAuthSmsTable(deps);
  await sendSingleMessage(
    deps.mysql,
    table,
    {
      destNo: phone,
      callBack: deps.config.platformCallbackNumber,
      body: `[한줄로] 관리자 인증번호 [${code}]를 입력해 주세요. (5분 이내)`,
      msgType: 'S',
    },
    `2fa:${challengeId}`.slice(0, 50),
  );
}

/** Temporary passwords from a reset, sent on the auth line when the user has a phone. */
export async function sendTemporaryPassword(deps: AppDeps, phone: string, password: string, userId: string): Promise<void> {
  const table = await getAuthSmsTable(deps);
  await sendSingleMessage(
    deps.mysql,
    table,
    {
      destNo: phone,
      callBack: deps.config.platformCallbackNumber,
      body: `[한줄로] 임시 비밀번호: ${password}\n로그인 후 비밀번호를 변경해 주세요.`,
      msgType: 'L',
      subject: '[한줄로] 임시 비밀번호 안내',
    },
    `pwreset:${userId}`.slice(0, 50),
  );
}
