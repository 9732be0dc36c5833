import { ATTACHMENT_RPC_ERRORS } from '@herald/contracts';

import { decideConfirm, pendingExpiry, queuedExpiry, retentionPolicy } from './attachment-lifecycle';

const policy = retentionPolicy({
  ATTACHMENT_UPLOAD_GRACE_SECONDS: 3600,
  ATTACHMENT_QUEUED_GRACE_SECONDS: 86_400,
  ATTACHMENT_PRESIGN_EXPIRY_SECONDS: 900,
});
const now = new Date('2026-03-04T10:00:00.000Z');
const later = new Date('2026-03-04T10:30:00.000Z');

describe('attachment lifecycle', () => {
  it('expires pending uploads after the upload grace and queued ones after the transaction grace', () => {
    expect(pendingExpiry(now, policy).toISOString()).toBe('2026-03-04T11:00:00.000Z');
    expect(queuedExpiry(now, policy).toISOString()).toBe('2026-03-05T10:00:00.000Z');
  });

  it('refuses presigned URLs that outlive the upload grace', () => {
    expect(() =>
      retentionPolicy({
        ATTACHMENT_UPLOAD_GRACE_SECONDS: 600,
        ATTACHMENT_QUEUED_GRACE_SECONDS: 86_400,
        ATTACHMENT_PRESIGN_EXPIRY_SECONDS: 600,
      }),
    ).toThrow('ATTACHMENT_PRESIGN_EXPIRY_SECONDS must be shorter than ATTACHMENT_UPLOAD_GRACE_SECONDS');
  });

  it('stores a pending upload whose object matches, keeping its expiry', () => {
    expect(decideConfirm('uploaded', { state: 'pending', expiresAt: now, objectMatches: true }, later, policy)).toEqual(
      { outcome: 'move', state: 'stored', expiresAt: now },
    );
  });

  it('rejects an upload whose object is missing or of another size', () => {
    expect(
      decideConfirm('uploaded', { state: 'pending', expiresAt: now, objectMatches: false }, later, policy),
    ).toMatchObject({ outcome: 'reject', code: ATTACHMENT_RPC_ERRORS.notUploaded });
  });

  it('treats a repeated upload confirmation as a no-op', () => {
    expect(decideConfirm('uploaded', { state: 'stored', expiresAt: now }, later, policy)).toEqual({
      outcome: 'unchanged',
      state: 'stored',
      expiresAt: now,
    });
    expect(decideConfirm('uploaded', { state: 'queued', expiresAt: now }, later, policy)).toEqual({
      outcome: 'unchanged',
      state: 'queued',
      expiresAt: now,
    });
  });

  it('queues stored attachments for the transaction grace, counted from the confirmation', () => {
    expect(decideConfirm('queued', { state: 'stored', expiresAt: now }, later, policy)).toEqual({
      outcome: 'move',
      state: 'queued',
      expiresAt: queuedExpiry(later, policy),
    });
    expect(decideConfirm('queued', { state: 'queued', expiresAt: now }, later, policy)).toEqual({
      outcome: 'move',
      state: 'queued',
      expiresAt: queuedExpiry(later, policy),
    });
  });

  it('never queues an attachment that was not uploaded, nor revives a swept one', () => {
    expect(decideConfirm('queued', { state: 'pending', expiresAt: now }, later, policy)).toMatchObject({
      outcome: 'reject',
      code: ATTACHMENT_RPC_ERRORS.notUploaded,
    });
    expect(decideConfirm('queued', { state: 'deleted', expiresAt: now }, later, policy)).toMatchObject({
      outcome: 'reject',
      code: ATTACHMENT_RPC_ERRORS.expired,
    });
    expect(decideConfirm('uploaded', { state: 'deleted', expiresAt: now }, later, policy)).toMatchObject({
      outcome: 'reject',
      code: ATTACHMENT_RPC_ERRORS.expired,
    });
  });
});
