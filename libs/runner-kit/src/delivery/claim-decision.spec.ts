import { decideClaim, type DeliveryOutcome, type ExistingDelivery } from './claim-decision';

const row = (outcome: DeliveryOutcome, attempt = 1, leaseLive = false, jobId = 'job'): ExistingDelivery => ({
  jobId,
  attempt,
  outcome,
  leaseLive,
});
const job = (attempt: number, jobId = 'job') => ({ jobId, attempt });

describe('decideClaim', () => {
  it('claims a key never seen', () => {
    expect(decideClaim(undefined, job(1))).toEqual({ kind: 'claim', resend: false });
  });

  it('never sends a delivered key again: a redelivery is skipped, a retry is reported completed', () => {
    expect(decideClaim(row('delivered', 1), job(1))).toEqual({ kind: 'skip', reason: 'duplicate' });
    expect(decideClaim(row('delivered', 1), job(2))).toEqual({ kind: 'report-delivered' });
    expect(decideClaim(row('delivered', 2), job(1))).toEqual({ kind: 'skip', reason: 'stale-attempt' });
    expect(decideClaim(row('delivered', 1, false, 'other-job'), job(1))).toEqual({ kind: 'report-delivered' });
  });

  it('waits while another process holds the send', () => {
    expect(decideClaim(row('sending', 1, true), job(1))).toEqual({ kind: 'busy' });
    expect(decideClaim(row('sending', 1, true), job(2))).toEqual({ kind: 'busy' });
  });

  it('sends again, with the same key, when an earlier send died mid-way', () => {
    expect(decideClaim(row('sending', 1, false), job(1))).toEqual({ kind: 'claim', resend: true });
    expect(decideClaim(row('sending', 1, false), job(2))).toEqual({ kind: 'claim', resend: true });
    expect(decideClaim(row('sending', 2, false), job(1))).toEqual({ kind: 'skip', reason: 'stale-attempt' });
  });

  it('claims a released key without calling it a resend (nothing was sent)', () => {
    expect(decideClaim({ ...row('sending', 1, false), released: true }, job(1))).toEqual({
      kind: 'claim',
      resend: false,
    });
  });

  it.each<DeliveryOutcome>(['failed', 'canceled'])(
    'after %s: claims the next attempt, skips the same or an older one',
    (outcome) => {
      expect(decideClaim(row(outcome, 1), job(2))).toEqual({ kind: 'claim', resend: false });
      expect(decideClaim(row(outcome, 2), job(2))).toEqual({ kind: 'skip', reason: 'duplicate' });
      expect(decideClaim(row(outcome, 3), job(2))).toEqual({ kind: 'skip', reason: 'stale-attempt' });
    },
  );
});
