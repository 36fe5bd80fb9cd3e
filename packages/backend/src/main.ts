import { createServer } from 'node:http';
import { loadConfigOrExit } from './config.js';
import { createLogger } from './logger.js';
import { createApp } from './app.js';
import { closeDeps, createDeps, logSmsTables } from './deps.js';

const config = loadConfigOrExit();
const logger = createLogger(config, 'api');
const deps = createDeps(config, logger);
logSmsTables(logger, config.smsTables);

const server = createServer(createApp(deps));
server.keepAliveTimeout = 65_000;
server.listen(config.port, config.host, () => {
  logger.info({ host: config.host, port: config.port, env: config.env }, 'API listening');
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: no new connections, finishing requests');
  const force = setTimeout(() => {
    logger.error('graceful shutdown timed out; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closeDeps(deps);
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
