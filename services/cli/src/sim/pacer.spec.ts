import { Pacer } from './pacer';

describe('Pacer', () => {
  it('maps event time onto wall time at the given speed', () => {
    const p = new Pacer(60);
    expect(p.delay(1_000_000, 5_000)).toBe(0);
    // One event-minute later is one wall-second later at 60x.
    expect(p.delay(1_060_000, 5_000)).toBe(1_000);
    expect(p.delay(1_060_000, 5_400)).toBe(600);
    expect(p.delay(1_030_000, 7_000)).toBe(0);
  });

  it('rejects a non-positive speed', () => {
    expect(() => new Pacer(0)).toThrow(/positive/);
  });
});
