import { InvalidArgumentError } from 'commander';
import { parseAccounts, parseGroups, parseHours, parseStart, scenarioOptions } from './scenario-flags';

describe('scenario flags', () => {
  it('parse scale, duration, start and families, rejecting nonsense in one message', () => {
    expect(parseAccounts('2500')).toBe(2500);
    expect(() => parseAccounts('2.5')).toThrow(InvalidArgumentError);
    expect(() => parseAccounts('0')).toThrow(/accounts/);
    expect(parseHours('1.5')).toBe(1.5);
    expect(() => parseHours('-3')).toThrow(/hours/);
    expect(parseStart('2026-03-02T00:00:00Z')).toBe(Date.UTC(2026, 2, 2));
    expect(() => parseStart('yesterday')).toThrow(/ISO/);
    expect(parseGroups('hydra, burst')).toEqual(['hydra', 'burst']);
    expect(() => parseGroups('hydra,farm')).toThrow(/unknown family 'farm'/);
  });

  it('map --only and --without onto family switches', () => {
    const o = scenarioOptions({ seed: '7', accounts: 100, hours: 2, only: ['hydra', 'casual'], without: ['casual'] });
    expect(o.seed).toBe(7);
    expect(o.families!.hydra).toBe(true);
    expect(o.families!.casual).toBe(false);
    expect(o.families!.enterprise_seat).toBe(false);
    expect(scenarioOptions({ seed: 'demo', accounts: 1, hours: 1 }).seed).toBe('demo');
  });
});
