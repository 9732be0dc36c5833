import { OpenApiGeneratorV3, OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';

import { ERROR_RESPONSES } from './error-response.schemas';
import { DocumentedPipe, OPENAPI_DOC, OpenApiDoc } from './openapi.decorator';
import { z } from './openapi-zod';

/** Name of the API-key security scheme. */
export const API_KEY_SECURITY = 'secretKey';
/** Name of the inbox session token scheme (`/v1/inbox` routes `@novu/js` calls, decision 0034). */
export const INBOX_SESSION_SECURITY = 'inboxSession';

/** How the document describes the API. */
export interface OpenApiDocumentOptions {
  title: string;
  description: string;
  /** The guard that admits API keys: a route behind it requires `secretKey`. */
  apiKeyGuard: Type<unknown>;
  /** The guard that admits inbox session tokens: a route behind it requires `inboxSession`. */
  inboxTokenGuard?: Type<unknown>;
  /** Which routes the document lists, by OpenAPI path (`/admin/api-keys/{keyId}`); all when absent. */
  includes?: (path: string) => boolean;
}

const BODY = 3; // RouteParamtypes.BODY
const QUERY = 4; // RouteParamtypes.QUERY

interface RouteArgument {
  index: number;
  pipes?: unknown[];
}

/**
 * The OpenAPI document of every route Nest serves, read from the routes themselves: method and
 * path, status (`@HttpCode`), the body and query schemas of their `ZodValidationPipe`s, whether
 * the API-key guard admits them, plus what `@OpenApi` adds (tag, summary, responses).
 */
export function buildOpenApiDocument(app: INestApplication, options: OpenApiDocumentOptions): object {
  const controllers = new Set<Type<unknown>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values())
      if (wrapper.metatype) controllers.add(wrapper.metatype as Type<unknown>);
  }
  return buildOpenApiDocumentOf(controllers, options);
}

/**
 * The same document from the controller classes alone, without starting the application: the
 * compatibility table (tools/compat) reads it this way, with no database or broker at hand.
 */
export function buildOpenApiDocumentOf(controllers: Iterable<Type<unknown>>, options: OpenApiDocumentOptions): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', API_KEY_SECURITY, {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'ApiKey <key>',
  });
  if (options.inboxTokenGuard)
    registry.registerComponent('securitySchemes', INBOX_SESSION_SECURITY, {
      type: 'http',
      scheme: 'bearer',
      description: 'The token POST /v1/inbox/session answers (what @novu/js sends)',
    });
  for (const controller of controllers) {
    const classDoc: OpenApiDoc = Reflect.getMetadata(OPENAPI_DOC, controller) ?? {};
    for (const [name, schema] of Object.entries(classDoc.models ?? {})) registry.register(name, schema);
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const route = routeOf(controller, method, classDoc, options);
      if (route && (options.includes?.(route.path) ?? true)) registry.registerPath(route);
    }
  }
  const generator = new OpenApiGeneratorV3(registry.definitions);
  return generator.generateDocument({
    openapi: '3.0.0',
    info: { title: options.title, description: options.description, version: '1.0' },
  });
}

function routeOf(
  controller: Type<unknown>,
  method: string,
  classDoc: OpenApiDoc,
  options: OpenApiDocumentOptions,
): RouteConfig | undefined {
  const handler = (controller.prototype as Record<string, unknown>)[method];
  if (method === 'constructor' || typeof handler !== 'function') return undefined;
  const verb: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
  const routePath: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
  if (verb === undefined || routePath === undefined) return undefined;
  const doc: OpenApiDoc = { ...classDoc, ...(Reflect.getMetadata(OPENAPI_DOC, handler) ?? {}) };
  const path = joinPath(Reflect.getMetadata(PATH_METADATA, controller), routePath);
  const httpMethod = RequestMethod[verb].toLowerCase() as RouteConfig['method'];
  const status: number = Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (verb === RequestMethod.POST ? 201 : 200);
  const guards: unknown[] = [
    ...(Reflect.getMetadata(GUARDS_METADATA, controller) ?? []),
    ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? []),
  ];
  const args: Record<string, RouteArgument> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
  const body = schemaOfArgument(args, BODY);
  const query = schemaOfArgument(args, QUERY);
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  const success: ResponseConfig = doc.response
    ? { description: '', content: { 'application/json': { schema: doc.response } } }
    : { description: '' };
  return {
    method: httpMethod,
    path,
    operationId: doc.operationId ?? `${controller.name}_${method}`,
    tags: [doc.tag ?? controller.name.replace(/Controller$/, '')],
    summary: doc.summary,
    description: doc.description,
    security: guards.includes(options.apiKeyGuard)
      ? [{ [API_KEY_SECURITY]: [] }]
      : options.inboxTokenGuard && guards.includes(options.inboxTokenGuard)
        ? [{ [INBOX_SESSION_SECURITY]: [] }]
        : undefined,
    request: {
      params:
        pathParams.length > 0 ? z.object(Object.fromEntries(pathParams.map((name) => [name, z.string()]))) : undefined,
      query: query instanceof z.ZodObject ? query : undefined,
      headers: doc.headers?.length
        ? z.object(
            Object.fromEntries(
              doc.headers.map((header) => [
                header.name,
                z.string().optional().openapi({ description: header.description }),
              ]),
            ),
          )
        : undefined,
      body: body ? { content: { 'application/json': { schema: body } } } : undefined,
    },
    responses: { [status]: success, ...(doc.errorResponses ? ERROR_RESPONSES : {}) },
  };
}

/** What a route's documentation lacks: an input it reads without a documented pipe, or its success body. */
export interface DocumentationGap {
  /** `GET /v1/subscribers/{subscriberId}` */
  route: string;
  missing: ('request body' | 'query' | 'response')[];
}

/**
 * Routes whose request or response the document cannot describe: a `@Body()`/`@Query()` read without
 * a `ZodValidationPipe`, or a success answer with a body (anything but 204) and no `@OpenApi` response.
 */
export function documentationGapsOf(controllers: Iterable<Type<unknown>>): DocumentationGap[] {
  const gaps: DocumentationGap[] = [];
  for (const controller of controllers) {
    const classDoc: OpenApiDoc = Reflect.getMetadata(OPENAPI_DOC, controller) ?? {};
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[method];
      if (method === 'constructor' || typeof handler !== 'function') continue;
      const verb: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      const routePath: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
      if (verb === undefined || routePath === undefined) continue;
      const doc: OpenApiDoc = { ...classDoc, ...(Reflect.getMetadata(OPENAPI_DOC, handler) ?? {}) };
      const args: Record<string, RouteArgument> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
      const reads = (type: number) => Object.keys(args).some((key) => Number(key.split(':')[0]) === type);
      const status: number = Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? 0;
      const missing: DocumentationGap['missing'] = [];
      if (reads(BODY) && !schemaOfArgument(args, BODY)) missing.push('request body');
      if (reads(QUERY) && !schemaOfArgument(args, QUERY)) missing.push('query');
      if (!doc.response && status !== 204) missing.push('response');
      const path = joinPath(Reflect.getMetadata(PATH_METADATA, controller), routePath);
      if (missing.length > 0) gaps.push({ route: `${RequestMethod[verb]} ${path}`, missing });
    }
  }
  return gaps;
}

/** The zod schema of the route's `@Body(pipe)` / `@Query(pipe)`, if a documented pipe validates it. */
function schemaOfArgument(args: Record<string, RouteArgument>, type: number): z.ZodTypeAny | undefined {
  for (const [key, argument] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== type) continue;
    const pipe = argument.pipes?.find(
      (candidate): candidate is DocumentedPipe => (candidate as Partial<DocumentedPipe>)?.schema instanceof z.ZodType,
    );
    if (pipe) return pipe.schema;
  }
  return undefined;
}

/** `v2/topics` + `:topicKey/subscriptions` → `/v2/topics/{topicKey}/subscriptions`. */
function joinPath(controllerPath: string | string[] | undefined, routePath: string | string[]): string {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';
  const joined = [first(controllerPath), first(routePath)]
    .flatMap((part) => part.split('/'))
    .filter((part) => part !== '');
  return `/${joined.map((part) => part.replace(/^:(\w+)$/, '{$1}')).join('/')}`;
}
