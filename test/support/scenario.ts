/**
 * Writes a small labelled scenario from our own simulator, so integration tests need nothing
 * outside the repo (../shared is an outside check for evaluation, not a test fixture).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createScenario, labelsToCsv, type ScenarioOptions } from '@lockstep/sim';

export interface ScenarioFiles {
  events: string;
  labels: string;
  lines: string[];
}

export function writeScenario(dir: string, opts: ScenarioOptions & { maxEvents?: number } = {}): ScenarioFiles {
  const { maxEvents = Infinity, ...options } = opts;
  const scenario = createScenario({ seed: 7, accounts: 1500, hours: 8, ...options });
  const lines: string[] = [];
  for (const e of scenario.events()) {
    if (lines.length >= maxEvents) break;
    lines.push(JSON.stringify(e));
  }
  const events = path.join(dir, 'events.jsonl');
  const labels = path.join(dir, 'labels.csv');
  fs.writeFileSync(events, `${lines.join('\n')}\n`);
  fs.writeFileSync(labels, labelsToCsv(scenario.labels()));
  return { events, labels, lines };
}
