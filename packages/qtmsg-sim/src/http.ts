import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Fleet } from './fleet.js';
import { RulesInput } from './rules.js';

/**
 * Tiny local control surface (QTMSG.md §4): GET /health, GET /metrics, POST /pause|/resume|/unbind
 * ?table=, POST /hold|/release ?table=&seqno=, POST /balance?after=N (empty = unlimited),
 * POST /rules (JSON body, hot reload). Bind it to loopback only: it has no authentication.
 */

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? `${body}\n` : `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

function param(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw new HttpError(400, `missing ?${name}=`);
  return value;
}

const seqnoOf = (url: URL): number => {
  const n = Number(param(url, 'seqno'));
  if (!Number.isInteger(n) || n <= 0) throw new HttpError(400, 'seqno must be a positive integer');
  return n;
};

async function route(fleet: Fleet, req: IncomingMessage, url: URL): Promise<[number, unknown]> {
  const key = `${req.method ?? 'GET'} ${url.pathname}`;
  switch (key) {
    case 'GET /health': {
      const lines = (await fleet.health()).map(
        (h) => `${h.table} bound=${h.bound} paused=${h.paused} lastPoll=${h.lastPollAt ?? '-'} due=${h.dueCount ?? '?'}`,
      );
      return [200, lines.join('\n')];
    }
    case 'GET /metrics':
      return [200, fleet.metrics()];
    case 'POST /pause':
      fleet.pause(param(url, 'table'));
      return [200, { ok: true }];
    case 'POST /resume':
      fleet.resume(param(url, 'table'));
      return [200, { ok: true }];
    case 'POST /unbind':
      fleet.unbind(param(url, 'table'));
      return [200, { ok: true }];
    case 'POST /hold':
      fleet.hold(param(url, 'table'), seqnoOf(url));
      return [200, { ok: true }];
    case 'POST /release':
      fleet.release(param(url, 'table'), seqnoOf(url));
      return [200, { ok: true }];
    case 'POST /balance': {
      const after = url.searchParams.get('after');
      const n = after === null || after === '' ? null : Number(after);
      if (n !== null && !(Number.isInteger(n) && n >= 0)) throw new HttpError(400, 'after must be a whole number');
      fleet.exhaustBalanceAfter(n);
      return [200, { ok: true, after: n }];
    }
    case 'POST /rules': {
      const parsed = RulesInput.safeParse(await readJson(req));
      if (!parsed.success) return [400, { error: 'invalid rules', issues: z.treeifyError(parsed.error) }];
      fleet.reloadRules(parsed.data);
      return [200, { ok: true, rules: parsed.data.rules.length }];
    }
    default:
      return [404, { error: `no route ${key}` }];
  }
}

export function createControlServer(fleet: Fleet, logger: Logger): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    route(fleet, req, url).then(
      ([status, body]) => send(res, status, body),
      (err: unknown) => {
        if (err instanceof HttpError) return send(res, err.status, { error: err.message });
        if ((err as Error).name === 'SmsTableError') return send(res, 404, { error: (err as Error).message });
        logger.error({ err }, 'control request failed');
        send(res, 500, { error: 'internal error' });
      },
    );
  });
}
