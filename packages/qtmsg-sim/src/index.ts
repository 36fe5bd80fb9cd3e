export { createAgent, type Agent, type AgentHealth, type AgentMetrics } from './agent.js';
export { MAX_MMS_IMAGE_BYTES } from './checks.js';
export {
  createDbClock, createVirtualClock, formatInTimeZone, formatWall, parseWall, type SimClock, type VirtualClock,
} from './clock.js';
export { DEV_CARRIER_BLOCK_RULES, DEV_TEST_PHONES, loadConfig, SimConfigError, type DelayRange, type SimConfig } from './config.js';
export { startFleet, type Fleet, type FleetOptions } from './fleet.js';
export { createControlServer } from './http.js';
export {
  OUTCOME_CLASSES, RulesInput, codeForClass, createRuleEngine, readRulesFile, type Outcome, type OutcomeClass,
  type Rule, type RuleEngine,
} from './rules.js';
export {
  MOB_COMPANY, createHttpReporter, createTestPhones, deviceIdOf, isBlockedByCarrier, type ArrivalReport, type CarrierBlockRule,
  type DeliveredMessage, type DeviceRegistration, type PhoneCarrier, type PhoneReporter, type TestPhone, type TestPhones,
} from './test-phones.js';
