import { overrideTarget } from './override';

describe('overrideTarget', () => {
  it('maps --account or --campaign onto the oneof', () => {
    expect(overrideTarget({ account: 'a1' })).toEqual({ account_id: 'a1' });
    expect(overrideTarget({ campaign: 'c1' })).toEqual({ campaign_id: 'c1' });
  });

  it('needs exactly one target', () => {
    expect(() => overrideTarget({})).toThrow('an override needs a target: --account <id> or --campaign <id>');
    expect(() => overrideTarget({ account: 'a', campaign: 'c' })).toThrow('give either --account or --campaign, not both');
  });
});
