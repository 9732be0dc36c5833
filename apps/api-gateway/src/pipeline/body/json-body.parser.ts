import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { findJsonHazard, findUnstorableString, MAX_JSON_DEPTH } from './json-hazards';

/** Limits of the gateway's body parser. */
export interface JsonBodyParserOptions {
  /** Largest body of this request in bytes (routes differ); above it → 413. */
  limitFor: (request: FastifyRequest) => number;
  /** The largest of those limits: a refused body is drained (and answered) up to 4× this plus 16 MB, then cut off. */
  largestLimitBytes: number;
  maxDepth?: number;
  /** Called once per body handed to `JSON.parse` (the `gateway_request_bodies_parsed_total` metric). */
  onParse?: () => void;
}

type ParserDone = (error: Error | null, body?: unknown) => void;

/**
 * Makes this the gateway's only body parser (Fastify's own JSON and text parsers are removed):
 * JSON (`application/json` or `application/*+json`, UTF-8) or nothing. Every way a body can be
 * wrong ends as a Novu-shaped 4xx through the exception filter — 415 (other media type, charset
 * or content-encoding), 413 (too large, answered once the body is drained), 400 (invalid UTF-8,
 * malformed JSON, nesting too deep, `__proto__` keys, a NUL character or lone surrogate) — never a 500. Requests without a body pass
 * untouched.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, options: JsonBodyParserOptions): void {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  fastify.removeAllContentTypeParsers();
  // The catch-all parser also runs for a body sent without Content-Type (then a 415).
  fastify.addContentTypeParser('*', (request: FastifyRequest, payload: IncomingMessage, done: ParserDone): void => {
    const headers = request.headers;
    if (!hasBody(headers)) return done(null, undefined);
    const limitBytes = options.limitFor(request);
    const cap = discardCap(options.largestLimitBytes);
    const refused = checkHeaders(headers);
    if (refused) return discardBody(payload, limitBytes, cap, () => done(refused));
    const declared = Number(headers['content-length']);
    if (declared > limitBytes) return discardBody(payload, limitBytes, cap, () => done(tooLarge(limitBytes)));
    readBody(payload, limitBytes, cap, (outcome) => {
      if (outcome.kind === 'too-large') return done(tooLarge(limitBytes));
      if (outcome.kind === 'aborted')
        return done(
          new GatewayException(GatewayErrorCode.MalformedJson, 'The request body was not received completely'),
        );
      let body: unknown;
      options.onParse?.();
      try {
        body = parseJson(outcome.body, maxDepth);
      } catch (error) {
        return done(error instanceof Error ? error : new Error(String(error)));
      }
      done(null, body);
    });
  });
}

/** Parses a complete body; throws the matching GatewayException. Exported for unit tests. */
export function parseJson(body: Buffer, maxDepth = MAX_JSON_DEPTH): unknown {
  if (!isUtf8(body))
    throw new GatewayException(GatewayErrorCode.InvalidEncoding, 'The request body is not valid UTF-8');
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
    throw new GatewayException(
      GatewayErrorCode.JsonTooDeep,
      `The request body is nested deeper than ${maxDepth} levels`,
      {
        errors: [{ field: hazard.path, message: `nesting deeper than ${maxDepth} levels` }],
      },
    );
  }
  if (hazard?.kind === 'forbidden-property') {
    throw new GatewayException(
      GatewayErrorCode.ForbiddenProperty,
      `The request body contains the forbidden property "${hazard.path}"`,
      {
        errors: [
          { field: hazard.path, message: 'property names "__proto__" and "constructor.prototype" are not allowed' },
        ],
      },
    );
  }
  const unstorable = findUnstorableString(value, text);
  if (unstorable?.kind === 'nul') {
    throw new GatewayException(
      GatewayErrorCode.ForbiddenCharacter,
      `The request body contains the NUL character (\\u0000) at "${unstorable.path}"`,
      {
        errors: [
          {
            field: unstorable.path,
            message: 'the NUL character (\\u0000) is not allowed in strings or property names',
          },
        ],
      },
    );
  }
  if (unstorable?.kind === 'lone-surrogate') {
    throw new GatewayException(
      GatewayErrorCode.InvalidEncoding,
      `The request body contains a lone UTF-16 surrogate (not Unicode) at "${unstorable.path}"`,
      {
        errors: [{ field: unstorable.path, message: 'a \\ud800–\\udfff escape must be half of a surrogate pair' }],
      },
    );
  }
  return value;
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function checkHeaders(headers: IncomingHttpHeaders): GatewayException | undefined {
  const unsupported = (message: string) => new GatewayException(GatewayErrorCode.UnsupportedMediaType, message);
  const contentType = headers['content-type'];
  if (!contentType) return unsupported('A request body needs "Content-Type: application/json"');
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const isJson =
    mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
  if (!isJson) return unsupported(`Unsupported Content-Type "${mediaType}": send application/json`);
  const charset = parameters
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return unsupported(`Unsupported charset "${charset}": send UTF-8`);
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity')
    return unsupported(`Unsupported Content-Encoding "${encoding}": send the body uncompressed`);
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

function readBody(
  request: IncomingMessage,
  limitBytes: number,
  capBytes: number,
  done: (outcome: ReadOutcome) => void,
  keep = true,
): void {
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
    if (received > capBytes) request.destroy();
  });
  request.once('end', () =>
    finish(received > limitBytes ? { kind: 'too-large' } : { kind: 'complete', body: Buffer.concat(chunks, received) }),
  );
  request.once('error', () => finish({ kind: 'aborted' }));
  request.once('close', () => finish(received > limitBytes ? { kind: 'too-large' } : { kind: 'aborted' }));
}

function discardBody(request: IncomingMessage, limitBytes: number, capBytes: number, done: () => void): void {
  readBody(request, limitBytes, capBytes, () => done(), false);
}
