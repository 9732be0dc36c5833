import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import S3rver from 's3rver';

/** An S3 endpoint for one test suite. */
export interface TestS3Server {
  /** `http://127.0.0.1:<port>` (path-style addressing). */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** Stops the server and deletes its files. */
  close(): Promise<void>;
}

/** s3rver accepts these fixed credentials. */
const S3RVER_CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' } as const;

/**
 * Starts an embedded `s3rver` (a real S3 HTTP endpoint: put/get/stat/delete and presigned URLs;
 * no multipart uploads) on a random port, storing under a fresh temporary directory. Buckets are
 * created by the code under test, as in production.
 */
export async function startTestS3Server(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'herald-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: true });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...S3RVER_CREDENTIALS,
    region: 'us-east-1',
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
