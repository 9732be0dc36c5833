import { CONTRACT_LIMITS } from '@herald/contracts';
import { startTestS3Server, TestS3Server, uniqueTestPrefix } from '@herald/testing';

// The gateway's attachment path needs a real attachment-service on the same broker prefix; only
// this cross-service test boots one app next to another (no production code does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  AttachmentServiceTestApp,
  deleteRpcQueues,
  startAttachmentServiceTestApp,
  uniqueTestBucket,
} from '../../attachment-service/test/support/attachment-service-test-app';
import { startTriggerTestKit, TriggerTestKit } from './trigger/support/trigger-test-kit';

const WORKFLOW = 'with-attachments';
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 253, 254, 255]), Buffer.from('\n%%EOF\n')]);

describe('trigger attachments through attachment-service and S3', () => {
  const brokerPrefix = uniqueTestPrefix('gw_att');
  const bucket = uniqueTestBucket('gw-att');
  let s3: TestS3Server;
  let kit: TriggerTestKit;
  let service: AttachmentServiceTestApp | undefined;

  const trigger = (attachments: unknown, extra: Record<string, unknown> = {}) =>
    kit.send('/v1/events/trigger', { name: WORKFLOW, to: 'ada', payload: { name: 'Ada', attachments }, ...extra });
  const attachmentRows = async (): Promise<{ id: string; object_key: string; state: string }[]> =>
    service
      ? service.dataSource.query('SELECT id, object_key, state FROM attachments.attachments ORDER BY created_at')
      : [];

  beforeAll(async () => {
    s3 = await startTestS3Server();
    kit = await startTriggerTestKit({ BROKER_NAME_PREFIX: brokerPrefix, ATTACHMENT_RPC_TIMEOUT_MS: '1500' });
    await kit.createWorkflow(WORKFLOW);
  });

  afterAll(async () => {
    await service?.close();
    await kit?.close();
    await s3?.close();
    await deleteRpcQueues(brokerPrefix, ['attachment-service', 'api-gateway']);
  });

  it('is a 503 with nothing queued while attachment-service was never started', async () => {
    const response = await trigger([{ file: pdf.toString('base64'), name: 'invoice.pdf', mime: 'application/pdf' }]);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ statusCode: 503, message: expect.stringContaining('attachment-service') });
    expect(await kit.triggers.count()).toBe(0);
  });

  describe('with attachment-service running', () => {
    beforeAll(async () => {
      service = await startAttachmentServiceTestApp({ s3, brokerPrefix, bucket });
    });

    it('uploads the bytes to S3 and queues only references', async () => {
      const notes = Buffer.from('plain notes ✓');
      const response = await trigger([
        { file: pdf.toString('base64'), name: 'invoice.pdf', mime: 'application/pdf', channels: ['email'] },
        { file: notes.toString('base64').replace(/(.{8})/g, '$1\r\n'), name: 'notes.txt', mime: 'text/plain' },
      ]);
      expect(response.status).toBe(201);
      expect(response.body.data).toMatchObject({ status: 'processed', jobData: { attachments: 2 } });

      const [envelope] = await kit.triggers.drain();
      const refs = envelope.data.attachments;
      expect(refs).toEqual([
        { id: expect.any(String), name: 'invoice.pdf', mime: 'application/pdf', size: pdf.length, channels: ['email'] },
        { id: expect.any(String), name: 'notes.txt', mime: 'text/plain', size: notes.length },
      ]);
      expect(envelope.data.payload).toEqual({ name: 'Ada', attachments: refs });
      expect(JSON.stringify(envelope)).not.toContain(pdf.toString('base64'));

      const rows = await attachmentRows();
      for (const [index, bytes] of [pdf, notes].entries()) {
        const row = rows.find((candidate) => candidate.id === refs[index].id);
        expect(row?.state).toBe('queued');
        const stored = await service!.storage.getObject(bucket, row!.object_key);
        const chunks: Buffer[] = [];
        for await (const chunk of stored) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      }
    });

    it('is a 422 naming the field for a file that is not base64, with nothing queued or stored', async () => {
      const before = (await attachmentRows()).length;
      const response = await trigger([
        { file: pdf.toString('base64'), name: 'ok.pdf', mime: 'application/pdf' },
        { file: 'this is not base64!', name: 'bad.pdf', mime: 'application/pdf' },
      ]);
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual({
        'payload.attachments[1].file': { messages: ['must be a non-empty, padded base64 string'] },
      });
      expect(await kit.triggers.count()).toBe(0);
      expect(await attachmentRows()).toHaveLength(before);
    });

    it('is a 413 for more than 20 MB decoded, with nothing queued or stored', async () => {
      const before = (await attachmentRows()).length;
      const half = Buffer.alloc(CONTRACT_LIMITS.maxAttachmentBytes / 2, 0x41).toString('base64');
      const response = await trigger([
        { file: half, name: 'a.bin', mime: 'application/octet-stream' },
        { file: half, name: 'b.bin', mime: 'application/octet-stream' },
        { file: 'AAAA', name: 'c.bin', mime: 'application/octet-stream' },
      ]);
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({
        statusCode: 413,
        message: expect.stringContaining('attachments must total at most'),
      });
      expect(await kit.triggers.count()).toBe(0);
      expect(await attachmentRows()).toHaveLength(before);
    });

    it('is a 503 with nothing queued once attachment-service stops answering', async () => {
      await service!.close();
      service = undefined;
      const response = await trigger([{ file: pdf.toString('base64'), name: 'invoice.pdf', mime: 'application/pdf' }]);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await kit.triggers.count()).toBe(0);
    });
  });
});
