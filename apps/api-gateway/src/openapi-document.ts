import { AppModule } from './app.module';
import { GatewayConfig } from './core/config/gateway.config';
import { controllersOf } from './core/openapi/controllers-of';
import { buildOpenApiDocumentOf, DocumentationGap, documentationGapsOf } from './core/openapi/openapi.document';
import { HERALD_API_INFO, HERALD_OPERATOR_API_INFO } from './core/openapi/openapi.setup';
import { ApiKeyGuard } from './pipeline/authentication/api-key.guard';
import { InboxTokenGuard } from './pipeline/authentication/inbox-token.guard';
import { isOperatorRoute } from './pipeline/http/admin-listener';

const guards = { apiKeyGuard: ApiKeyGuard, inboxTokenGuard: InboxTokenGuard };

/**
 * The document `/openapi.json` serves, built from the application's modules without starting it
 * (no database, broker or Redis): the compatibility table compares Novu's routes against it. It
 * lists no operator route (`/admin`, `/metrics`).
 */
export function gatewayOpenApiDocument(config: GatewayConfig): object {
  return buildOpenApiDocumentOf(controllersOf(AppModule.forConfig(config)), {
    ...HERALD_API_INFO,
    ...guards,
    includes: (path) => !isOperatorRoute(path),
  });
}

/** The document the operator listener serves at `/admin/openapi.json`: its routes only. */
export function gatewayOperatorOpenApiDocument(config: GatewayConfig): object {
  return buildOpenApiDocumentOf(controllersOf(AppModule.forConfig(config)), {
    ...HERALD_OPERATOR_API_INFO,
    ...guards,
    includes: isOperatorRoute,
  });
}

/** The gateway's routes whose request or response schema the document lacks. */
export function gatewayDocumentationGaps(config: GatewayConfig): DocumentationGap[] {
  return documentationGapsOf(controllersOf(AppModule.forConfig(config)));
}
