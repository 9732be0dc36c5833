import { CONTRACT_LIMITS } from '../common/limits';
import { attachmentsConfirmRequestSchema } from './attachments-confirm.contract';
import { attachmentsCreateUploadsRequestSchema } from './attachments-create-uploads.contract';
import { attachmentsPresignDownloadRequestSchema } from './attachments-presign-download.contract';

const file = { name: 'report.pdf', mime: 'application/pdf', size: 10, sha256: 'a'.repeat(64) };
const messages = (result: {
  success: boolean;
  error?: { issues: { path: (string | number)[]; message: string }[] };
}) => (result.success ? [] : (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`));

describe('attachment RPC contracts', () => {
  it('accepts a well-formed create-uploads request', () => {
    expect(messages(attachmentsCreateUploadsRequestSchema.safeParse({ transactionId: 'tx-1', files: [file] }))).toEqual(
      [],
    );
  });

  it('rejects empty, over-sized and malformed file lists', () => {
    const half = CONTRACT_LIMITS.maxAttachmentBytes / 2;
    expect(messages(attachmentsCreateUploadsRequestSchema.safeParse({ transactionId: 'tx', files: [] }))).toEqual([
      'files: must list at least one file',
    ]);
    expect(
      messages(
        attachmentsCreateUploadsRequestSchema.safeParse({
          transactionId: 'tx',
          files: [
            { ...file, size: half },
            { ...file, size: half + 1 },
          ],
        }),
      ),
    ).toEqual([`files: files must total at most ${CONTRACT_LIMITS.maxAttachmentBytes} bytes`]);
    expect(
      messages(
        attachmentsCreateUploadsRequestSchema.safeParse({
          transactionId: 'tx',
          files: [{ ...file, sha256: 'XYZ', mime: 'pdf' }],
        }),
      ),
    ).toEqual([
      'files.0.mime: must be a MIME type like "application/pdf"',
      'files.0.sha256: must be a lower-case hex SHA-256 digest',
    ]);
  });

  it('only takes UUIDs as attachment ids and known confirm stages', () => {
    expect(messages(attachmentsPresignDownloadRequestSchema.safeParse({ id: '../etc/passwd' }))).toEqual([
      'id: must be a UUID',
    ]);
    expect(
      attachmentsConfirmRequestSchema.safeParse({ stage: 'deleted', ids: ['0b9c1e4e-4a8e-4a55-9b7e-0b3c5d6e7f80'] })
        .success,
    ).toBe(false);
    expect(
      attachmentsConfirmRequestSchema.safeParse({ stage: 'queued', ids: ['0b9c1e4e-4a8e-4a55-9b7e-0b3c5d6e7f80'] })
        .success,
    ).toBe(true);
  });
});
