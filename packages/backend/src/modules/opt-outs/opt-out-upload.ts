import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { OPT_OUT_UPLOAD_MAX_BYTES } from '@hanjullo/shared';
import { AppError, badRequest } from '../../errors.js';

export interface ReceivedList {
  bytes: Buffer;
  /** The optional `storeCode` form field. */
  storeCode: string | undefined;
}

const MAX_MB = OPT_OUT_UPLOAD_MAX_BYTES / 1024 / 1024;
const TEXT_FILE = /\.(csv|txt)$/i;

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return new AppError('payload_too_large', 413, `수신거부 목록 파일은 ${MAX_MB}MB 이하만 올릴 수 있습니다.`);
    return badRequest("파일은 'file' 항목으로 하나만 올려 주세요.", { code: err.code });
  }
  return badRequest('업로드 요청을 읽을 수 없습니다.');
}

/**
 * Multipart receiver for one small `file` (≤ 5 MB, kept in memory: a list of numbers is read once
 * and never stored). Only .csv/.txt names are accepted.
 */
export function listReceiver(): (req: Request, res: Response) => Promise<ReceivedList> {
  const handler: RequestHandler = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: OPT_OUT_UPLOAD_MAX_BYTES, files: 1, fields: 2, parts: 3 },
    defParamCharset: 'utf8',
    fileFilter: (_req, file, cb) => {
      if (TEXT_FILE.test(file.originalname)) cb(null, true);
      else cb(new AppError('unsupported_media_type', 415, 'CSV 또는 TXT 파일만 올릴 수 있습니다.'));
    },
  }).single('file');
  return (req, res) =>
    new Promise((resolve, reject) => {
      void handler(req, res, (err?: unknown) => {
        if (err) return reject(toAppError(err));
        if (!req.file) return reject(badRequest("업로드할 파일을 'file' 항목으로 첨부해 주세요."));
        const storeCode = (req.body as Record<string, unknown> | undefined)?.['storeCode'];
        resolve({ bytes: req.file.buffer, storeCode: typeof storeCode === 'string' && storeCode.trim() ? storeCode.trim() : undefined });
      });
    });
}
