import { pino } from 'pino';
import { loadConfig } from './config.js';
import { startFleet } from './fleet.js';
import { createControlServer } from './http.js';
import { readRulesFile } from './rules.js';

const logger = pino({ name: 'qtmsg-sim' });

async function main(): Promise<void> {
  const config = loadConfig();
  const rules = config.rulesFile ? await readRulesFile(config.rulesFile) : undefined;
  const fleet = await startFleet({ config, logger, ...(rules ? { rules } : {}) });
  for (const m of fleet.metrics()) {
    if (m.bound) logger.info({ table: m.table }, `[qtmsg-sim] agent ${m.table} bound`);
    else logger.warn({ table: m.table }, `[qtmsg-sim] agent ${m.table} not bound yet (retrying every poll)`);
  }
  for (const p of fleet.phones?.phones ?? []) {
    logger.info({ carrier: p.carrier, phone: p.phone }, `[qtmsg-sim] test phone ${p.carrier} ${p.phone} → ${config.apiUrl}`);
  }
  for (const r of config.carrierBlockRules) logger.info(r, `[qtmsg-sim] ${r.carrier} filter blocks "${r.contains}"`);
  const server = createControlServer(fleet, logger);
  server.listen(config.httpPort, '127.0.0.1', () => {
    logger.info({ port: config.httpPort }, `[qtmsg-sim] control http://127.0.0.1:${config.httpPort}`);
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, '[qtmsg-sim] stopping');
    server.close();
    fleet.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, '[qtmsg-sim] stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, '[qtmsg-sim] failed to start');
  process.exit(1);
});
