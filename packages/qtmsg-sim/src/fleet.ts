import { createSmsTableGuard } from '@hanjullo/shared';
import { createPool } from 'mysql2/promise';
import { pino, type Logger } from 'pino';
import { createAgent, type Agent, type AgentHealth, type AgentMetrics } from './agent.js';
import { createDbClock, type SimClock } from './clock.js';
import type { SimConfig } from './config.js';
import { createRuleEngine, type RuleEngine, type RulesInput } from './rules.js';
import { createHttpReporter, createTestPhones, type PhoneReporter, type TestPhones } from './test-phones.js';

/** One simulated agent per configured table, sharing one connection pool of their own. */

export interface FleetOptions {
  readonly config: SimConfig;
  /** User rules, carrier map and list overrides; the built-in defaults always follow them. */
  readonly rules?: RulesInput;
  /** Defaults to the DB clock; tests pass a virtual clock. */
  readonly clock?: SimClock;
  readonly logger?: Logger;
  /** Run each agent's loop every `pollMs` (default). false = only `tick()` moves anything. */
  readonly autoRun?: boolean;
  /** Test hook: runs after a batch is claimed (rsv1 2) and before it is checked and submitted. */
  readonly afterClaim?: (table: string, seqnos: number[]) => Promise<void> | void;
  /** How the simulated test phones (config.testPhones) reach the API; default HTTP to config.apiUrl. */
  readonly phoneReporter?: PhoneReporter;
}

export interface Fleet {
  readonly agents: readonly Agent[];
  /** The simulated spam-test phones, or null when none are configured. */
  readonly phones: TestPhones | null;
  stop(): Promise<void>;
  metrics(): AgentMetrics[];
  health(): Promise<AgentHealth[]>;
  pause(table: string): void;
  resume(table: string): void;
  unbind(table: string): void;
  /** After `n` more submitted messages every message fails with 55 (SMS) / 5005 (LMS/MMS); null = unlimited. */
  exhaustBalanceAfter(n: number | null): void;
  hold(table: string, seqno: number): void;
  release(table: string, seqno: number): void;
  /** Replaces the rules of every agent (validated; throws on invalid input). */
  reloadRules(rules: RulesInput): void;
  /** One cycle of every agent, in configuration order (and the phones' reports it caused). */
  tick(): Promise<void>;
}

export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const { config } = opts;
  const guard = createSmsTableGuard(config.tables);
  const logger = opts.logger ?? pino({ level: 'silent' });
  const clock = opts.clock ?? createDbClock();
  // Our own pool. No session time_zone: `sendreq_time` is compared with the server's NOW(), exactly
  // like the real agent; DATETIMEs are read as strings so nothing is shifted on the way.
  const db = createPool({
    uri: config.mysqlUrl,
    dateStrings: true,
    connectionLimit: config.tables.length + 2,
    charset: 'utf8mb4_unicode_ci',
  });
  const listDefaults = { unregisteredCallbacks: config.unregisteredCallbacks, spamWords: config.spamWords };
  const phones = config.testPhones.length === 0 ? null : createTestPhones({
    phones: config.testPhones,
    blockRules: config.carrierBlockRules,
    reporter: opts.phoneReporter ?? createHttpReporter(config.apiUrl, config.spamToken),
    logger,
  });
  // a test phone's carrier is also the mob_company its deliveries carry
  const withPhoneCarriers = (rules: RulesInput): RulesInput =>
    phones ? { ...rules, carriers: { ...rules.carriers, ...phones.carriers } } : rules;
  let engine: RuleEngine = createRuleEngine(withPhoneCarriers(opts.rules ?? {}), listDefaults);
  let balanceLeft: number | null = null;

  const agents = config.tables.map((table) =>
    createAgent({
      db, clock, config, guard, logger,
      rules: () => engine,
      chargeBalance: () => {
        if (balanceLeft === null) return true;
        if (balanceLeft <= 0) return false;
        balanceLeft--;
        return true;
      },
      afterClaim: opts.afterClaim,
      onDelivered: phones ? (msg) => phones.delivered(msg) : undefined,
    }, table),
  );
  const byTable = new Map(agents.map((a) => [a.table, a]));
  const agentOf = (table: string): Agent => {
    const agent = byTable.get(guard.sendTable(table));
    if (!agent) throw new Error(`no agent for ${table}`);
    return agent;
  };

  for (const agent of agents) await agent.bind();

  let running = opts.autoRun ?? true;
  if (phones && running) phones.start();
  else if (phones) {
    await phones.registerAll().catch((err: unknown) => logger.warn({ err }, '[test-phones] registration failed'));
  }
  let stopped: Promise<void> | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const loop = (agent: Agent): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void agent.tick().finally(() => {
        if (running) loop(agent);
      });
    }, config.pollMs);
    timers.add(timer);
  };
  if (running) agents.forEach(loop);

  return {
    agents,
    phones,
    stop() {
      stopped ??= (async () => {
        running = false;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        // Let a tick in progress finish before the pool goes away.
        await Promise.all(agents.map((a) => a.idle()));
        await phones?.stop();
        await db.end();
      })();
      return stopped;
    },
    metrics: () => agents.map((a) => a.metrics()),
    health: () => Promise.all(agents.map((a) => a.health())),
    pause: (table) => agentOf(table).pause(),
    resume: (table) => agentOf(table).resume(),
    unbind: (table) => agentOf(table).unbind(),
    exhaustBalanceAfter(n) {
      balanceLeft = n === null ? null : Math.max(0, Math.floor(n));
    },
    hold: (table, seqno) => agentOf(table).hold(seqno),
    release: (table, seqno) => agentOf(table).release(seqno),
    reloadRules(rules) {
      engine = createRuleEngine(withPhoneCarriers(rules), listDefaults);
      logger.info({ rules: engine.rules.length }, 'rules reloaded');
    },
    async tick() {
      for (const agent of agents) await agent.tick();
      await phones?.flush();
    },
  };
}
