import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

import {
  ATTACHMENT_RPC_ERRORS,
  type AttachmentRef,
  ATTACHMENTS_PRESIGN_DOWNLOAD_V1,
  type JobDispatchData,
  RpcError,
} from '@herald/contracts';
import type { RpcClient } from '@herald/messaging';

/** An attachment's bytes, ready for a provider. */
export interface FetchedAttachment {
  name: string;
  mime: string;
  content: Buffer;
}

/** The job's attachments, or why one of them cannot be had (a permanent failure of the job). */
export type AttachmentFetch =
  { ok: true; attachments: FetchedAttachment[] } | { ok: false; code: 'attachment_unavailable'; message: string };

/** Fetcher settings. */
export interface AttachmentFetcherOptions {
  rpcTimeoutMs: number;
  /** Deadline of one download. */
  downloadTimeoutMs: number;
}

const GONE = new Set<string>(Object.values(ATTACHMENT_RPC_ERRORS));

/**
 * Fetches a job's attachments straight from object storage: a presigned GET URL from
 * attachment-service (`attachments.presign-download.v1`), then the bytes, checked against the
 * announced size and digest. An attachment that is gone (unknown, never uploaded, swept, 404) is a
 * permanent failure; RPC or storage trouble throws, so the job is retried. The download URL is
 * Herald's own storage, not a customer's, so it does not go through the outbound guard (object
 * storage usually lives on a private network).
 */
export class AttachmentFetcher {
  constructor(
    private readonly rpc: RpcClient,
    private readonly options: AttachmentFetcherOptions,
  ) {}

  async fetch(job: JobDispatchData): Promise<AttachmentFetch> {
    const attachments: FetchedAttachment[] = [];
    for (const ref of job.attachments) {
      const fetched = await this.fetchOne(job.environmentId, ref);
      if (!fetched.ok) return fetched;
      attachments.push(fetched.attachment);
    }
    return { ok: true, attachments };
  }

  private async fetchOne(
    environmentId: string,
    ref: AttachmentRef,
  ): Promise<
    { ok: true; attachment: FetchedAttachment } | { ok: false; code: 'attachment_unavailable'; message: string }
  > {
    const gone = (why: string) => ({
      ok: false as const,
      code: 'attachment_unavailable' as const,
      message: `Attachment "${ref.name}" is unavailable: ${why}`,
    });
    let presigned;
    try {
      const timeoutMs = this.options.rpcTimeoutMs;
      presigned = await this.rpc.invoke(ATTACHMENTS_PRESIGN_DOWNLOAD_V1, environmentId, { id: ref.id }, { timeoutMs });
    } catch (error) {
      if (error instanceof RpcError && GONE.has(error.code)) return gone(error.code);
      throw error;
    }
    const { status, body } = await download(presigned.url, this.options.downloadTimeoutMs);
    if (status === 404) return gone('not found in storage');
    if (status !== 200) throw new Error(`attachment download answered HTTP ${status}`);
    if (body.length !== presigned.size)
      throw new Error(`attachment download returned ${body.length} bytes, ${presigned.size} expected`);
    if (presigned.sha256 && createHash('sha256').update(body).digest('hex') !== presigned.sha256)
      throw new Error('attachment download does not match its digest');
    return { ok: true, attachment: { name: ref.name, mime: ref.mime, content: body } };
  }
}

function download(url: string, timeoutMs: number): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).get(url, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`attachment download timed out after ${timeoutMs} ms`)),
    );
    request.on('error', reject);
  });
}
