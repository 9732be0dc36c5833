import { ATTACHMENT_RPC_ERRORS, AttachmentsConfirmStage, AttachmentState } from '@herald/contracts';

/** How long attachments live in each phase. */
export interface RetentionPolicy {
  /** From presigning until the trigger must be queued (covers the upload itself). */
  uploadGraceMs: number;
  /** From the trigger being queued until the object may go. */
  queuedGraceMs: number;
  /** Lifetime of presigned URLs. */
  presignExpiryMs: number;
}

/** Builds the policy from the config, refusing one that could leave objects no row points at. */
export function retentionPolicy(config: {
  ATTACHMENT_UPLOAD_GRACE_SECONDS: number;
  ATTACHMENT_QUEUED_GRACE_SECONDS: number;
  ATTACHMENT_PRESIGN_EXPIRY_SECONDS: number;
}): RetentionPolicy {
  // A PUT URL still valid after its row was swept would create an object nothing ever deletes.
  if (config.ATTACHMENT_PRESIGN_EXPIRY_SECONDS >= config.ATTACHMENT_UPLOAD_GRACE_SECONDS) {
    throw new Error('ATTACHMENT_PRESIGN_EXPIRY_SECONDS must be shorter than ATTACHMENT_UPLOAD_GRACE_SECONDS');
  }
  return {
    uploadGraceMs: config.ATTACHMENT_UPLOAD_GRACE_SECONDS * 1000,
    queuedGraceMs: config.ATTACHMENT_QUEUED_GRACE_SECONDS * 1000,
    presignExpiryMs: config.ATTACHMENT_PRESIGN_EXPIRY_SECONDS * 1000,
  };
}

/** Expiry of a new (pending) attachment: swept then unless its trigger was queued. */
export function pendingExpiry(now: Date, policy: RetentionPolicy): Date {
  return new Date(now.getTime() + policy.uploadGraceMs);
}

/** Expiry once the trigger was queued: the transaction grace, counted from now. */
export function queuedExpiry(now: Date, policy: RetentionPolicy): Date {
  return new Date(now.getTime() + policy.queuedGraceMs);
}

/** What confirming does to one attachment. */
export type ConfirmDecision =
  | { outcome: 'unchanged'; state: 'stored' | 'queued'; expiresAt: Date }
  | { outcome: 'move'; state: 'stored' | 'queued'; expiresAt: Date }
  | { outcome: 'reject'; code: string; message: string };

/** An attachment as confirming sees it. */
export interface ConfirmTarget {
  state: AttachmentState;
  expiresAt: Date;
  /** For `uploaded` on a pending attachment: whether the object exists with the announced size. */
  objectMatches?: boolean;
}

/**
 * The one place that decides confirm transitions. `uploaded` verifies pending objects (already
 * stored or queued ones stay as they are, so a retry is harmless); `queued` needs the object
 * uploaded and restarts the clock at the transaction grace. A swept attachment cannot come back.
 * An expired but not yet swept one can still be confirmed: the row lock decides who wins.
 */
export function decideConfirm(
  stage: AttachmentsConfirmStage,
  target: ConfirmTarget,
  now: Date,
  policy: RetentionPolicy,
): ConfirmDecision {
  if (target.state === 'deleted')
    return { outcome: 'reject', code: ATTACHMENT_RPC_ERRORS.expired, message: 'the attachment was already swept' };
  if (stage === 'uploaded') {
    if (target.state !== 'pending') return { outcome: 'unchanged', state: target.state, expiresAt: target.expiresAt };
    if (!target.objectMatches)
      return {
        outcome: 'reject',
        code: ATTACHMENT_RPC_ERRORS.notUploaded,
        message: 'the object is missing or its size differs from the announced one',
      };
    return { outcome: 'move', state: 'stored', expiresAt: target.expiresAt };
  }
  if (target.state === 'pending')
    return { outcome: 'reject', code: ATTACHMENT_RPC_ERRORS.notUploaded, message: 'the upload was never confirmed' };
  return { outcome: 'move', state: 'queued', expiresAt: queuedExpiry(now, policy) };
}
