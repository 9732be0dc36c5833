import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import { GatewayErrorCode } from '../errors/gateway-error-code';
import { GatewayException } from '../errors/gateway.exception';
import { findJsonHazard, MAX_JSON_DEPTH } from './json-hazards';

/** Limits of the gateway's body parser. */
export interface JsonBodyParserOptions {
  /** Largest request body in bytes; above it → 413. */
  limitBytes: number;
  maxDepth?: number;
}

/**
 * The gateway's only body parser: JSON (`application/json` or `application/*+json`, UTF-8)
 * or nothing. Every way a body can be wrong ends as a Novu-shaped 4xx through the exception
 * filter — 415 (other media type, charset or content-encoding), 413 (too large), 400 (invalid
 * UTF-8, malformed JSON, nesting too deep, `__proto__` keys) — never a 500. Requests without a
 * body pass untouched.
 */
export function createJsonBodyParser(options: JsonBodyParserOptions): RequestHandler {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  // Named like Nest's default JSON parser: Nest then does not add its own (100 kB, no 415) behind it.
  return function jsonParser(request: Request, _response: Response, next: NextFunction): void {
    if (!hasBody(request)) return next();
    const refused = checkHeaders(request);
    if (refused) return discardBody(request, options.limitBytes, () => next(refused));
    const declared = Number(request.headers['content-length']);
    if (declared > options.limitBytes) return discardBody(request, options.limitBytes, () => next(tooLarge(options.limitBytes)));
    readBody(request, options.limitBytes, (outcome) => {
      if (outcome.kind === 'too-large') return next(tooLarge(options.limitBytes));
      if (outcome.kind === 'aborted') return next(new GatewayException(GatewayErrorCode.MalformedJson, 'The request body was not received completely'));
      try {
        request.body = parseJson(outcome.body, maxDepth);
        next();
      } catch (error) {
        next(error);
      }
    });
  };
}

/** Parses a complete body; throws the matching GatewayException. Exported for unit tests. */
export function parseJson(body: Buffer, maxDepth = MAX_JSON_DEPTH): unknown {
  if (!isUtf8(body)) throw new GatewayException(GatewayErrorCode.InvalidEncoding, 'The request body is not valid UTF-8');
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new GatewayException(GatewayErrorCode.MalformedJson, `The request body is not valid JSON: ${reason}`);
  }
  const hazard = findJsonHazard(value, maxDepth);
  if (hazard?.kind === 'too-deep') {
    throw new GatewayException(GatewayErrorCode.JsonTooDeep, `The request body is nested deeper than ${maxDepth} levels`, {
      errors: [{ field: hazard.path, message: `nesting deeper than ${maxDepth} levels` }],
    });
  }
  if (hazard?.kind === 'forbidden-property') {
    throw new GatewayException(GatewayErrorCode.ForbiddenProperty, `The request body contains the forbidden property "${hazard.path}"`, {
      errors: [{ field: hazard.path, message: 'property names "__proto__" and "constructor.prototype" are not allowed' }],
    });
  }
  return value;
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function checkHeaders(request: Request): GatewayException | undefined {
  const unsupported = (message: string) => new GatewayException(GatewayErrorCode.UnsupportedMediaType, message);
  const contentType = request.headers['content-type'];
  if (!contentType) return unsupported('A request body needs "Content-Type: application/json"');
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const isJson = mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
  if (!isJson) return unsupported(`Unsupported Content-Type "${mediaType}": send application/json`);
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return unsupported(`Unsupported charset "${charset}": send UTF-8`);
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return unsupported(`Unsupported Content-Encoding "${encoding}": send the body uncompressed`);
  return undefined;
}

function tooLarge(limitBytes: number): GatewayException {
  return new GatewayException(GatewayErrorCode.PayloadTooLarge, `The request body exceeds ${limitBytes} bytes`);
}

type ReadOutcome = { kind: 'complete'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/** How far past the limit a client may keep sending before the connection is cut instead of answered. */
function discardCap(limitBytes: number): number {
  return limitBytes * 4 + 16 * 1024 * 1024;
}

function readBody(request: Request, limitBytes: number, done: (outcome: ReadOutcome) => void, keep = true): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (outcome: ReadOutcome) => {
    if (finished) return;
    finished = true;
    done(outcome);
  };
  request.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (keep && received <= limitBytes) chunks.push(chunk);
    else chunks.length = 0;
    // The client is answered once its body is in (it may not read before it finished writing); a flood is cut off.
    if (received > discardCap(limitBytes)) request.destroy();
  });
  request.once('end', () => finish(received > limitBytes ? { kind: 'too-large' } : { kind: 'complete', body: Buffer.concat(chunks, received) }));
  request.once('error', () => finish({ kind: 'aborted' }));
  request.once('close', () => finish(received > limitBytes ? { kind: 'too-large' } : { kind: 'aborted' }));
}

function discardBody(request: Request, limitBytes: number, done: () => void): void {
  readBody(request, limitBytes, () => done(), false);
}
