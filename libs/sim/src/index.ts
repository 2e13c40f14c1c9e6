export { Rng, seedOf } from './prng';
export { hammingHex, nearDuplicate, simhashHex, type Simhash } from './simhash';
export {
  BENIGN_GROUPS,
  CAMPAIGN_GROUPS,
  GROUPS,
  labelOf,
  type AccountTruth,
  type BenignGroup,
  type CampaignGroup,
  type Group,
  type Label,
  type SimEvent,
} from './account';
export { LABELS_HEADER, labelsToCsv, parseLabelsCsv, isKnownGroup, type LabelRow } from './labels';
export {
  DEFAULT_START_TS,
  Scenario,
  allocate,
  createScenario,
  resolveOptions,
  type ResolvedScenarioOptions,
  type ScenarioOptions,
} from './scenario';
