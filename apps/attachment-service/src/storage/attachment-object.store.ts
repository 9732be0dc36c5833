import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'minio';

import { ATTACHMENT_CONFIG, AttachmentConfig } from '../config/attachment.config';
import { OBJECT_STORAGE } from './object-storage.provider';

/** S3 error codes that mean "no such object". */
const NOT_FOUND_CODES = new Set(['NotFound', 'NoSuchKey']);

/** The attachments bucket, as the use cases need it: presigned URLs, size checks, deletion. */
@Injectable()
export class AttachmentObjectStore {
  private readonly bucket: string;

  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: Client,
    @Inject(ATTACHMENT_CONFIG) config: AttachmentConfig,
  ) {
    this.bucket = config.S3_BUCKET;
  }

  /** A URL that accepts one PUT of the object's bytes until it expires. */
  presignPut(key: string, expirySeconds: number): Promise<string> {
    return this.storage.presignedPutObject(this.bucket, key, expirySeconds);
  }

  /** A URL that serves the object with the given content type and download file name. */
  presignGet(
    key: string,
    expirySeconds: number,
    response: { contentType: string; contentDisposition: string },
  ): Promise<string> {
    return this.storage.presignedGetObject(this.bucket, key, expirySeconds, {
      'response-content-type': response.contentType,
      'response-content-disposition': response.contentDisposition,
    });
  }

  /** The stored size in bytes, or undefined when there is no such object. */
  async sizeOf(key: string): Promise<number | undefined> {
    try {
      return (await this.storage.statObject(this.bucket, key)).size;
    } catch (error) {
      if (NOT_FOUND_CODES.has(String((error as { code?: unknown }).code))) return undefined;
      throw error;
    }
  }

  /** Deletes objects (missing ones are fine); throws when S3 refused any of them. */
  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const results = await this.storage.removeObjects(this.bucket, [...keys]);
    const failures = results.filter((result) => result?.Error && !NOT_FOUND_CODES.has(result.Error.Code ?? ''));
    if (failures.length > 0) {
      throw new Error(
        `S3 refused to delete ${failures.length} object(s): ${failures.map((failure) => `${failure?.Error?.Key}: ${failure?.Error?.Code}`).join(', ')}`,
      );
    }
  }
}
