import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { badRequest } from '../../errors.js';

/**
 * Legacy `.xls` (BIFF in an OLE container) is read with SheetJS `xlsx@0.18.5`, the last release on
 * npm. It has published advisories for crafted files (prototype pollution, ReDoS) that are fixed
 * only in releases outside the registry. So it never runs in the API or worker thread itself:
 * it runs in a `worker_threads` Worker — its own V8 isolate, so a polluted `Object.prototype`
 * stays there — with a heap cap (`resourceLimits`) and a wall-clock timeout that terminates it,
 * and it hands back only plain rows of primitives (structured clone, no prototypes cross).
 * An .xls holds at most 65,536 rows, so returning the sheet in one message is bounded.
 */
export const XLS_TIMEOUT_MS = 60_000;
const XLS_HEAP_MB = 512;

// Plain CommonJS so it runs the same under tsx, vitest and the compiled build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const XLSX = require(workerData.xlsxPath);
const wb = XLSX.readFile(workerData.path, {
  cellDates: false, cellFormula: false, cellHTML: false, cellNF: false, cellStyles: false,
  bookVBA: false, sheets: 0, WTF: false,
});
const sheetName = wb.SheetNames[0] === undefined ? null : String(wb.SheetNames[0]);
const ws = sheetName === null ? undefined : wb.Sheets[sheetName];
const out = [];
if (ws && ws['!ref']) {
  const start = XLSX.utils.decode_range(ws['!ref']).s.r;
  const rows = XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: null, blankrows: true });
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Array.isArray(r)) continue;
    const cells = [];
    for (let j = 0; j < r.length; j++) {
      const c = r[j];
      cells.push(typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean' ? c : null);
    }
    out.push([start + i + 1, cells]);
  }
}
parentPort.postMessage({ sheetName, rows: out });
`;

export interface XlsSheet {
  sheetName: string | null;
  rows: Array<[number, Array<string | number | boolean | null>]>;
}

const xlsxPath = createRequire(import.meta.url).resolve('xlsx');

export function readXlsInWorker(path: string, timeoutMs = XLS_TIMEOUT_MS): Promise<XlsSheet> {
  const unreadable = () => badRequest('엑셀(.xls) 파일을 읽을 수 없습니다. 파일이 손상되었거나 너무 복잡합니다. .xlsx나 .csv로 저장해 다시 올려 주세요.');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, xlsxPath },
      resourceLimits: { maxOldGenerationSizeMb: XLS_HEAP_MB, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(unreadable())), timeoutMs);
    worker.once('message', (msg: XlsSheet) => finish(() => resolve(msg)));
    worker.once('error', () => finish(() => reject(unreadable())));
    worker.once('exit', () => finish(() => reject(unreadable())));
  });
}
