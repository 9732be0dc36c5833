import { classifyCopy, type DisruptionWindow } from './delivery-audit';

// Times in ms from an arbitrary origin.
const postgres: DisruptionWindow = { label: 'restart-postgres', kind: 'postgres', from: 10_000, to: 15_000 };
const killAt = (from: number): DisruptionWindow => ({
  label: 'kill -9 runner-email',
  kind: 'kill-runner-email',
  from,
  to: from + 3_000,
});

describe('classifyCopy: when a second copy of a mail is in doubt', () => {
  it('counts a copy resent after runner-email was killed mid-send as in doubt', () => {
    expect(classifyCopy(20_000, 80_000, [killAt(20_500)]).inDoubt).toBe(true);
  });

  it('counts a copy resent with no disruption in between as doubled', () => {
    expect(classifyCopy(20_000, 80_000, []).inDoubt).toBe(false);
  });

  it('counts a copy sent during a Postgres outage and resent although the runner lived on as doubled', () => {
    expect(classifyCopy(11_000, 80_000, [postgres]).inDoubt).toBe(false);
    // Killed long after Postgres was back: it had time to record the outcome it knew.
    expect(classifyCopy(11_000, 80_000, [postgres, killAt(35_000)]).inDoubt).toBe(false);
  });

  it('counts a copy sent during a Postgres outage as in doubt when runner-email was killed before it could record it', () => {
    const verdict = classifyCopy(11_000, 80_000, [postgres, killAt(15_500)]);
    expect(verdict.inDoubt).toBe(true);
    expect(verdict.reason).toContain('before the runner could record it');
  });
});
