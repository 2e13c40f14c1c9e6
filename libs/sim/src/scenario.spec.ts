import { createHash } from 'node:crypto';
import { EventValidator } from '@lockstep/contracts';
import { CAMPAIGN_GROUPS, createScenario, labelsToCsv, parseLabelsCsv, type SimEvent } from './index';

function digest(events: Iterable<SimEvent>): { n: number; sha: string } {
  const h = createHash('sha256');
  let n = 0;
  for (const e of events) {
    h.update(JSON.stringify(e));
    n++;
  }
  return { n, sha: h.digest('hex') };
}

describe('Scenario', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = digest(createScenario({ seed: 7, accounts: 300, hours: 6 }).events());
    const b = digest(createScenario({ seed: 7, accounts: 300, hours: 6 }).events());
    const c = digest(createScenario({ seed: 8, accounts: 300, hours: 6 }).events());
    expect(a.n).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(c.sha).not.toEqual(a.sha);
  });

  it('produces only valid api.usage.v1 events, in ts order, with unique ids', () => {
    const validator = new EventValidator();
    const ids = new Set<string>();
    let last = -Infinity;
    let n = 0;
    for (const e of createScenario({ seed: 3, accounts: 300, hours: 8 }).events()) {
      const res = validator.validateRaw(JSON.stringify(e));
      if (!res.ok) throw new Error(`${res.code}: ${res.message}`);
      expect(e.ts).toBeGreaterThanOrEqual(last);
      last = e.ts;
      ids.add(e.event_id);
      n++;
    }
    expect(ids.size).toBe(n);
  });

  it('labels every account that produced events with its first event time', () => {
    const s = createScenario({ seed: 5, accounts: 300, hours: 6 });
    const first = new Map<string, number>();
    for (const e of s.events()) if (!first.has(e.account_id)) first.set(e.account_id, e.ts);
    const labels = s.labels();
    expect(labels.length).toBe(first.size);
    for (const l of labels) {
      expect(l.first_ts).toBe(first.get(l.account_id));
      expect(l.label).toBe((CAMPAIGN_GROUPS as readonly string[]).includes(l.group) ? 'campaign' : 'benign');
    }
    expect(parseLabelsCsv(labelsToCsv(labels))).toEqual(labels);
  });

  it('streams lazily: a year-long scenario yields its first events at once', () => {
    const it = createScenario({ seed: 1, accounts: 200, hours: 24 * 365 }).events();
    const first = it.next();
    expect(first.done).toBe(false);
    expect((first.value as SimEvent).ts).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 2));
  });

  it('honours family switches and scale', () => {
    const s = createScenario({ seed: 1, accounts: 1000, families: { hydra: false, burst: false } });
    const groups = new Set(s.truth().map((t) => t.group));
    expect(groups.has('hydra')).toBe(false);
    expect(groups.has('burst')).toBe(false);
    expect(groups.has('careful_ring')).toBe(true);
    expect(s.accounts.length).toBeGreaterThan(900);
    expect(s.accounts.length).toBeLessThan(1200);
  });

  it('can only be iterated once', () => {
    const s = createScenario({ seed: 1, accounts: 100, hours: 1 });
    expect([...s.events()].length).toBeGreaterThan(0);
    expect(() => s.events().next()).toThrow(/once/);
  });
});
