/**
 * A failure the RPC caller should see by code (`ATTACHMENT_RPC_ERRORS`): the RPC server sends an
 * error's string `code` back as the reply's error code.
 */
export class AttachmentRpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentRpcError';
  }
}
