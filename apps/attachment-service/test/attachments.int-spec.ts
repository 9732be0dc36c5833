import { createHash, randomUUID } from 'node:crypto';

import {
  ATTACHMENT_RPC_ERRORS,
  ATTACHMENT_RPC_SERVICE,
  ATTACHMENTS_CONFIRM_V1,
  ATTACHMENTS_CREATE_UPLOADS_V1,
  ATTACHMENTS_PRESIGN_DOWNLOAD_V1,
  AttachmentsConfirmRequest,
  attachmentsConfirmResponseSchema,
  attachmentsCreateUploadsResponseSchema,
  attachmentsPresignDownloadResponseSchema,
  createEnvelope,
} from '@herald/contracts';
import { DataSchema, Messaging } from '@herald/messaging';
import { startTestS3Server, TestS3Server, testServiceUrls, uniqueTestPrefix } from '@herald/testing';

import { AttachmentSweeper } from '../src/sweeper/attachment.sweeper';
import {
  AttachmentServiceTestApp,
  deleteRpcQueues,
  startAttachmentServiceTestApp,
  uniqueTestBucket,
} from './support/attachment-service-test-app';

const HOUR_MS = 3_600_000;

describe('attachment-service', () => {
  const brokerPrefix = uniqueTestPrefix('att');
  const bucket = uniqueTestBucket('att');
  let s3: TestS3Server;
  let service: AttachmentServiceTestApp;
  let client: Messaging;

  beforeAll(async () => {
    s3 = await startTestS3Server();
    // Small sweep batches, so two replicas sweeping at once really interleave.
    service = await startAttachmentServiceTestApp({
      s3,
      brokerPrefix,
      bucket,
      env: { ATTACHMENT_SWEEP_BATCH_SIZE: '2' },
    });
    client = new Messaging({
      url: testServiceUrls().amqpUrl,
      serviceName: 'attachment-test-client',
      namePrefix: brokerPrefix,
    });
  });

  afterAll(async () => {
    await client?.stop();
    await service?.close();
    await s3?.close();
    await deleteRpcQueues(brokerPrefix, ['attachment-service']);
  });

  function call<R>(method: string, environmentId: string, data: unknown, responseSchema: DataSchema<R>): Promise<R> {
    return client.rpc.call(ATTACHMENT_RPC_SERVICE, createEnvelope(method, environmentId, data), {
      timeoutMs: 5_000,
      responseSchema,
    });
  }

  const confirm = (environmentId: string, request: AttachmentsConfirmRequest) =>
    call(ATTACHMENTS_CONFIRM_V1, environmentId, request, attachmentsConfirmResponseSchema);

  /** Presigns `files`, PUTs every one whose index is in `put` (all by default); returns the ids and keys. */
  async function createUploads(environmentId: string, files: Buffer[], put: (index: number) => boolean = () => true) {
    const { uploads } = await call(
      ATTACHMENTS_CREATE_UPLOADS_V1,
      environmentId,
      {
        transactionId: `tx-${randomUUID()}`,
        files: files.map((bytes, index) => ({
          name: `file-${index}.txt`,
          mime: 'text/plain',
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        })),
      },
      attachmentsCreateUploadsResponseSchema,
    );
    for (const [index, upload] of uploads.entries()) {
      if (!put(index)) continue;
      const response = await fetch(upload.url, {
        method: 'PUT',
        body: files[index],
        headers: { 'content-type': 'text/plain' },
      });
      expect(response.status).toBe(200);
    }
    return uploads;
  }

  async function objectExists(key: string): Promise<boolean> {
    return service.storage.statObject(bucket, key).then(
      () => true,
      (error: { code?: string }) => (error.code === 'NotFound' ? false : Promise.reject(error)),
    );
  }

  async function stateOf(id: string): Promise<string> {
    const [row] = await service.dataSource.query('SELECT state FROM attachments.attachments WHERE id = $1', [id]);
    return row.state;
  }

  it('presigns an upload, verifies it, and presigns a download that serves the exact bytes', async () => {
    const environmentId = randomUUID();
    const bytes = Buffer.from('Grüße aus dem Anhang\n');
    const [upload] = await createUploads(environmentId, [bytes]);
    expect(upload.objectKey).toMatch(new RegExp(`^${environmentId}/\\d{4}/\\d{2}/\\d{2}/${upload.id}$`));
    expect(await stateOf(upload.id)).toBe('pending');

    expect((await confirm(environmentId, { stage: 'uploaded', ids: [upload.id] })).attachments).toEqual([
      { id: upload.id, state: 'stored', expiresAt: expect.any(String) },
    ]);
    const queued = await confirm(environmentId, { stage: 'queued', ids: [upload.id] });
    expect(queued.attachments[0].state).toBe('queued');
    expect(Date.parse(queued.attachments[0].expiresAt)).toBeGreaterThan(Date.now() + 24 * HOUR_MS);

    const download = await call(
      ATTACHMENTS_PRESIGN_DOWNLOAD_V1,
      environmentId,
      { id: upload.id },
      attachmentsPresignDownloadResponseSchema,
    );
    expect(download).toMatchObject({
      id: upload.id,
      name: 'file-0.txt',
      mime: 'text/plain',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const response = await fetch(download.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-disposition')).toContain('filename="file-0.txt"');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses to confirm an upload that never happened or has another size, and to queue it', async () => {
    const environmentId = randomUUID();
    const [missing, other] = await createUploads(
      environmentId,
      [Buffer.from('never sent'), Buffer.from('announced')],
      () => false,
    );
    await fetch(other.url, { method: 'PUT', body: Buffer.from('a different size') });
    for (const id of [missing.id, other.id]) {
      await expect(confirm(environmentId, { stage: 'uploaded', ids: [id] })).rejects.toMatchObject({
        code: ATTACHMENT_RPC_ERRORS.notUploaded,
      });
      await expect(confirm(environmentId, { stage: 'queued', ids: [id] })).rejects.toMatchObject({
        code: ATTACHMENT_RPC_ERRORS.notUploaded,
      });
      expect(await stateOf(id)).toBe('pending');
    }
  });

  it('never shows an attachment to another environment', async () => {
    const [upload] = await createUploads(randomUUID(), [Buffer.from('secret')]);
    const stranger = randomUUID();
    await expect(
      call(ATTACHMENTS_PRESIGN_DOWNLOAD_V1, stranger, { id: upload.id }, attachmentsPresignDownloadResponseSchema),
    ).rejects.toMatchObject({
      code: ATTACHMENT_RPC_ERRORS.notFound,
    });
    await expect(confirm(stranger, { stage: 'uploaded', ids: [upload.id] })).rejects.toMatchObject({
      code: ATTACHMENT_RPC_ERRORS.notFound,
    });
  });

  it('sweeps uploads whose trigger was never queued and keeps queued ones until their grace is over', async () => {
    const environmentId = randomUUID();
    const [neverSent, stored, queued] = await createUploads(
      environmentId,
      [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')],
      (index) => index > 0,
    );
    await confirm(environmentId, { stage: 'uploaded', ids: [stored.id, queued.id] });
    await confirm(environmentId, { stage: 'queued', ids: [queued.id] });
    const sweeper = service.app.get(AttachmentSweeper);

    await sweeper.sweep(new Date(Date.now() + service.config.ATTACHMENT_UPLOAD_GRACE_SECONDS * 1000 + 60_000));
    expect([await stateOf(neverSent.id), await stateOf(stored.id), await stateOf(queued.id)]).toEqual([
      'deleted',
      'deleted',
      'queued',
    ]);
    expect([await objectExists(stored.objectKey), await objectExists(queued.objectKey)]).toEqual([false, true]);
    await expect(confirm(environmentId, { stage: 'queued', ids: [stored.id] })).rejects.toMatchObject({
      code: ATTACHMENT_RPC_ERRORS.expired,
    });

    await sweeper.sweep(new Date(Date.now() + service.config.ATTACHMENT_QUEUED_GRACE_SECONDS * 1000 + 60_000));
    expect(await stateOf(queued.id)).toBe('deleted');
    expect(await objectExists(queued.objectKey)).toBe(false);
    await expect(
      call(ATTACHMENTS_PRESIGN_DOWNLOAD_V1, environmentId, { id: queued.id }, attachmentsPresignDownloadResponseSchema),
    ).rejects.toMatchObject({
      code: ATTACHMENT_RPC_ERRORS.notFound,
    });
  });

  it('lets two replicas sweep at once without handling any attachment twice', async () => {
    const environmentId = randomUUID();
    const uploads = await createUploads(
      environmentId,
      Array.from({ length: 9 }, (_, index) => Buffer.from(`file ${index}`)),
    );
    await confirm(environmentId, { stage: 'uploaded', ids: uploads.map((upload) => upload.id) });
    const replica = await startAttachmentServiceTestApp({
      s3,
      brokerPrefix,
      bucket,
      database: service.database,
      env: { ATTACHMENT_SWEEP_BATCH_SIZE: '2' },
    });
    try {
      const at = new Date(Date.now() + service.config.ATTACHMENT_UPLOAD_GRACE_SECONDS * 1000 + 60_000);
      const [{ due }] = await service.dataSource.query(
        `SELECT count(*)::int AS due FROM attachments.attachments WHERE state <> 'deleted' AND expires_at <= $1`,
        [at],
      );
      expect(due).toBeGreaterThanOrEqual(uploads.length);

      const swept = await Promise.all([
        service.app.get(AttachmentSweeper).sweep(at),
        replica.app.get(AttachmentSweeper).sweep(at),
      ]);
      expect(swept[0] + swept[1]).toBe(due);
      for (const upload of uploads) {
        expect(await stateOf(upload.id)).toBe('deleted');
        expect(await objectExists(upload.objectKey)).toBe(false);
      }
    } finally {
      await replica.close();
    }
  });
});
