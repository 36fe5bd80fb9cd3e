import { z } from 'zod';
import { Role } from '@hanjullo/shared';
import { defineJob } from '../../jobs/define-job.js';
import { runUploadImport } from './upload-import.js';

/**
 * Imports one uploaded file into customers. The BullMQ job id is the upload id, so a double click
 * (or a retried request) cannot queue the same file twice; the handler also claims the upload
 * (`queued → running`) and leaves a completed one alone. One attempt: a failed import is marked
 * failed with its reason and the user can start it again (the writer is idempotent).
 */
export const importCustomersJob = defineJob({
  name: 'import-customers',
  payload: z.object({
    uploadId: z.uuid(),
    companyId: z.uuid(),
    scope: z.object({
      storeCodes: z.array(z.string()).nullable(),
      userId: z.string().nullable(),
      role: Role,
    }),
  }),
  attempts: 1,
  concurrency: 2,
  async handler({ uploadId, companyId, scope }, { deps, log }) {
    await runUploadImport(deps, log, companyId, uploadId, scope);
  },
});
