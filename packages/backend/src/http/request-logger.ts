import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';
import { scrubUrl } from '../logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** pino-http with a request id (kept from nginx's X-Request-Id when sane) and scrubbed URLs. */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel(_req, res, err) {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    autoLogging: { ignore: (req) => req.url === '/health' },
    serializers: {
      req(req: { id: unknown; method: string; url: string; remoteAddress?: string }) {
        return { id: req.id, method: req.method, url: scrubUrl(req.url), remoteAddress: req.remoteAddress };
      },
    },
  });
}
