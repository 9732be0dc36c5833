import {
  carriesTestPoisonMarker,
  isSuspect,
  judgeSuspect,
  normalizePoisonPolicy,
  readDeliveryCount,
} from './poison-guard';

describe('poison guard', () => {
  it('makes a suspect of a redelivered message or one the broker counted before', () => {
    expect(isSuspect(false, {})).toBe(false);
    expect(isSuspect(false, undefined)).toBe(false);
    expect(isSuspect(true, {})).toBe(true);
    expect(isSuspect(false, { 'x-delivery-count': 1 })).toBe(true);
    expect(readDeliveryCount({ 'x-delivery-count': 'junk' })).toBe(0);
  });

  it('handles a suspect alone until it crashed its consumer N times, the batch crash counted', () => {
    const policy = normalizePoisonPolicy({ quarantineAfterCrashes: 3 });
    expect([0, 1, 2, 3].map((laneCount) => judgeSuspect(policy, laneCount).action)).toEqual([
      'handle-alone',
      'handle-alone',
      'quarantine',
      'quarantine',
    ]);
    expect(judgeSuspect(policy, 2)).toEqual({
      action: 'quarantine',
      crashes: 3,
      reason: 'quarantined: crashed its consumer 3 times (2 of them processed alone); not processed again',
    });
  });

  it('quarantines after one crash alone at the lowest setting', () => {
    const policy = normalizePoisonPolicy({ quarantineAfterCrashes: 2 });
    expect([0, 1].map((laneCount) => judgeSuspect(policy, laneCount).action)).toEqual(['handle-alone', 'quarantine']);
  });

  it('refuses settings that would quarantine without a crash alone, or a short marker', () => {
    expect(() => normalizePoisonPolicy({ quarantineAfterCrashes: 1 })).toThrow('at least 2');
    expect(() => normalizePoisonPolicy({ suspectPollMs: 0 })).toThrow('suspectPollMs');
    expect(() => normalizePoisonPolicy({ testPoisonMarker: 'boom' })).toThrow('at least 8');
    expect(normalizePoisonPolicy({ testPoisonMarker: '' }).testPoisonMarker).toBeUndefined();
  });

  it('finds the test marker only when the hook is on', () => {
    const content = Buffer.from(JSON.stringify({ data: { payload: { note: 'xx-poison-pill-xx' } } }));
    expect(carriesTestPoisonMarker(normalizePoisonPolicy({}), content)).toBe(false);
    expect(carriesTestPoisonMarker(normalizePoisonPolicy({ testPoisonMarker: 'poison-pill' }), content)).toBe(true);
    expect(carriesTestPoisonMarker(normalizePoisonPolicy({ testPoisonMarker: 'other-marker' }), content)).toBe(false);
  });
});
