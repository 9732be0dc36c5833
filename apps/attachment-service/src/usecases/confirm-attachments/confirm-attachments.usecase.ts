import {
  ATTACHMENT_RPC_ERRORS,
  AttachmentsConfirmRequest,
  AttachmentsConfirmResponse,
  RpcError,
} from '@herald/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { decideConfirm, RetentionPolicy } from '../../attachments/attachment-lifecycle';
import { RETENTION_POLICY } from '../../attachments/retention-policy.provider';
import { AttachmentRecord, AttachmentRepository, AttachmentStateChange } from '../../persistence/attachment.repository';
import { AttachmentObjectStore } from '../../storage/attachment-object.store';

type ConfirmedAttachment = AttachmentsConfirmResponse['attachments'][number];

/**
 * `uploaded`: checks each pending object in storage and marks it `stored`; `queued`: marks stored
 * attachments `queued` for the transaction grace. All or nothing, under row locks, so it never
 * interleaves with a sweeper deleting the same rows.
 */
@Injectable()
export class ConfirmAttachmentsUsecase {
  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly objects: AttachmentObjectStore,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
  ) {}

  execute(environmentId: string, request: AttachmentsConfirmRequest): Promise<AttachmentsConfirmResponse> {
    const ids = [...new Set(request.ids)];
    return this.attachments.transaction(async (manager) => {
      const rows = await this.attachments.lockByIds(manager, environmentId, ids);
      const found = new Set(rows.map((row) => row.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0)
        throw new RpcError(ATTACHMENT_RPC_ERRORS.notFound, `no attachment ${missing.join(', ')} in this environment`);

      const matches = await Promise.all(rows.map((row) => this.objectMatches(request.stage, row)));
      const now = new Date();
      const moves: AttachmentStateChange[] = [];
      const results = new Map<string, ConfirmedAttachment>();
      rows.forEach((row, index) => {
        const decision = decideConfirm(
          request.stage,
          { state: row.state, expiresAt: row.expiresAt, objectMatches: matches[index] },
          now,
          this.policy,
        );
        if (decision.outcome === 'reject')
          throw new RpcError(decision.code, `attachment ${row.id}: ${decision.message}`);
        if (decision.outcome === 'move')
          moves.push({ id: row.id, state: decision.state, expiresAt: decision.expiresAt });
        results.set(row.id, { id: row.id, state: decision.state, expiresAt: decision.expiresAt.toISOString() });
      });
      await this.attachments.applyStateChanges(manager, moves);
      return { attachments: ids.flatMap((id) => results.get(id) ?? []) };
    });
  }

  /** Only a pending attachment being confirmed as uploaded needs a look at storage. */
  private async objectMatches(
    stage: AttachmentsConfirmRequest['stage'],
    row: AttachmentRecord,
  ): Promise<boolean | undefined> {
    if (stage !== 'uploaded' || row.state !== 'pending') return undefined;
    return (await this.objects.sizeOf(row.objectKey)) === row.size;
  }
}
