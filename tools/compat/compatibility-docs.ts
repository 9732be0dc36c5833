import fs from 'node:fs';
import path from 'node:path';

import { gatewayConfig } from '../../apps/api-gateway/src/core/config/gateway.config';
import { gatewayOpenApiDocument } from '../../apps/api-gateway/src/openapi-document';
import { readCompatInputs } from './compat-sources';
import { compare, renderCompatibility, withReadmeClaim } from './compatibility-table';

/** Herald's OpenAPI document as `/openapi.json` serves it, built without starting the gateway. */
export function heraldOpenApiDocument(): object {
  // The document depends on no setting; any valid config builds the module tree.
  return gatewayOpenApiDocument(gatewayConfig.load({ NODE_ENV: 'test' }));
}

/** docs/NOVU-COMPATIBILITY.md and README.md as they should be, from the pinned copies and the document. */
export function generatedCompatibilityDocs(
  repositoryRoot: string,
  document: object = heraldOpenApiDocument(),
): { table: string; readme: string } {
  const { sources, reasons, servedElsewhere } = readCompatInputs(repositoryRoot);
  const { counts } = compare(sources, document, reasons, servedElsewhere);
  const readme = fs.readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');
  return {
    table: renderCompatibility(sources, document, reasons, servedElsewhere),
    readme: withReadmeClaim(readme, counts),
  };
}

export const COMPATIBILITY_DOC = 'docs/NOVU-COMPATIBILITY.md';
