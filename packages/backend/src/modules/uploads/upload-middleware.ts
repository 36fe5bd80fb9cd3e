import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { UPLOAD_MAX_BYTES } from '@hanjullo/shared';
import { AppError, badRequest } from '../../errors.js';
import { ensureUploadDir } from './upload-files.js';

export interface ReceivedFile {
  /** Absolute path of the stored file (random name under UPLOAD_DIR). */
  path: string;
  storedName: string;
  originalName: string;
  size: number;
}

export interface FileReceiverOptions {
  /** Size cap in bytes (default `UPLOAD_MAX_BYTES`, the customer-upload limit). */
  maxBytes?: number;
}

function toAppError(err: unknown, maxBytes: number): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return new AppError('payload_too_large', 413, `파일은 ${maxBytes / 1024 / 1024}MB 이하만 올릴 수 있습니다. 파일을 나누어 올려 주세요.`);
    if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') return badRequest("파일은 'file' 항목으로 하나만 올려 주세요.");
    return badRequest('업로드 요청이 올바르지 않습니다.', { code: err.code });
  }
  return badRequest('업로드 요청을 읽을 수 없습니다.');
}

/**
 * Multipart receiver for one `file` (≤ 50 MB, same as nginx, or the smaller `maxBytes`). Multer
 * streams it to disk under a random name — the client's name is kept only as data — and removes a
 * partial file itself when the limit is hit, so a refused upload leaves nothing behind.
 */
export function fileReceiver(uploadDir: string, options: FileReceiverOptions = {}): (req: Request, res: Response) => Promise<ReceivedFile> {
  const maxBytes = options.maxBytes ?? UPLOAD_MAX_BYTES;
  const handler: RequestHandler = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => {
        ensureUploadDir(uploadDir).then(() => cb(null, uploadDir), (err: Error) => cb(err, uploadDir));
      },
      filename: (_req, _file, cb) => cb(null, randomBytes(16).toString('hex')),
    }),
    limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 },
    // browsers send the file name as raw UTF-8 (Korean names), not latin1
    defParamCharset: 'utf8',
  }).single('file');
  return (req, res) =>
    new Promise((resolve, reject) => {
      void handler(req, res, (err?: unknown) => {
        if (err) return reject(toAppError(err, maxBytes));
        const file = req.file;
        if (!file) return reject(badRequest("업로드할 파일을 'file' 항목으로 첨부해 주세요."));
        resolve({ path: file.path, storedName: file.filename, originalName: file.originalname.slice(0, 255), size: file.size });
      });
    });
}
