import { subscriberOfIdentifier, subscriptionIdentifier } from './topic-response.mapper';

describe('subscription identifiers', () => {
  it('are Novu’s default, tk_<topicKey>:si_<subscriberId>, and read back', () => {
    expect(subscriptionIdentifier('team', 'ann')).toBe('tk_team:si_ann');
    expect(subscriberOfIdentifier('team', 'tk_team:si_ann')).toBe('ann');
    // A key or subscriberId may itself hold the separators.
    expect(subscriberOfIdentifier('a:si_b', subscriptionIdentifier('a:si_b', 'c:si_d'))).toBe('c:si_d');
  });

  it('name no subscriber when they belong to another topic, or name no valid id', () => {
    expect(subscriberOfIdentifier('team', 'tk_crew:si_ann')).toBeUndefined();
    expect(subscriberOfIdentifier('team', 'ann')).toBeUndefined();
    expect(subscriberOfIdentifier('team', 'tk_team:si_')).toBeUndefined();
    expect(subscriberOfIdentifier('team', `tk_team:si_${'x'.repeat(1000)}`)).toBeUndefined();
  });
});
