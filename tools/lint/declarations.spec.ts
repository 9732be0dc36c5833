import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Issue 12: each of these rules is written once. A second declaration (a copy that will drift) or
// the return of a replaced one fails here, wherever it is added in apps/ or libs/.

const ROOT = path.resolve(__dirname, '../..');
const TEST_FILE = /\.(spec|int-spec|e2e-spec|fuzz-spec|chaos-spec)\.ts$/;

function sourceFiles(directory: string, withTests = false): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || (!withTests && entry.name === 'test')) return [];
      return sourceFiles(full, withTests);
    }
    return entry.name.endsWith('.ts') && (withTests || !TEST_FILE.test(entry.name)) ? [full] : [];
  });
}

const sources = ['apps', 'libs'].flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
const texts = new Map(sources.map((file) => [path.relative(ROOT, file), readFileSync(file, 'utf8')]));

/** Files with a top-level declaration of `name` (exported or not): function, const, type, interface, class, enum. */
export function declarationsOf(name: string, files: ReadonlyMap<string, string> = texts): string[] {
  const declaration = new RegExp(
    `^(?:export\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:function\\*?|const|let|var|type|interface|class|enum)\\s+${name}\\b`,
    'gm',
  );
  return [...files].flatMap(([file, text]) => (text.match(declaration) ?? []).map(() => file));
}

/** Each exists once, in the library or folder that owns it. */
const ONCE: Readonly<Record<string, string>> = {
  canonicalJson: 'apps/api-gateway/src/core/json/canonical-json.ts',
  FieldErrors: 'apps/api-gateway/src/core/errors/field-errors.ts',
  FieldError: 'apps/api-gateway/src/core/errors/field-errors.ts',
  FieldIssue: 'apps/api-gateway/src/core/errors/field-errors.ts',
  // The one zod-issue formatter (zod issues → Novu's 422 `errors`).
  toFieldErrors: 'apps/api-gateway/src/core/errors/field-errors.ts',
  // The one 422: GatewayException.requestValidation, raised by the one pipe.
  GatewayException: 'apps/api-gateway/src/core/errors/gateway.exception.ts',
  ZodValidationPipe: 'apps/api-gateway/src/pipeline/validation/zod-validation.pipe.ts',
  parseRequest: 'apps/api-gateway/src/pipeline/validation/parse-request.ts',
  skipRuleSchema: 'libs/contracts/src/common/step-controls.schema.ts',
  RunnerIntegration: 'libs/contracts/src/integrations-rpc/integrations-rpc.contract.ts',
  // Message contracts' one-line issues (dead-letter reasons), built on the same path format.
  formatZodIssues: 'libs/contracts/src/registry/zod-issues.formatter.ts',
  formatIssuePath: 'libs/contracts/src/registry/zod-issues.formatter.ts',
};

/** Replaced by the entries above; a new declaration of one means a second way is back. */
const GONE = [
  'RequestValidationException',
  'RequestValidationPipe',
  'validateDto',
  'zodFieldIssues',
  'formatFieldPath',
  'nestFieldErrors',
  'ValidateWith',
  'FastPath',
];

describe('declarations written once', () => {
  it('finds the source files', () => {
    expect(texts.size).toBeGreaterThan(300);
  });

  it.each(Object.entries(ONCE))('%s is declared exactly once, in %s', (name, file) => {
    expect(declarationsOf(name)).toEqual([file]);
  });

  it.each(GONE)('%s is not declared again', (name) => {
    expect(declarationsOf(name)).toEqual([]);
  });

  it('counts a second declaration wherever it is added', () => {
    const copy = new Map(texts);
    copy.set(
      'apps/api-gateway/src/features/copy.ts',
      'export function canonicalJson(value: unknown) {}\ntype FieldErrors = {};\n',
    );
    expect(declarationsOf('canonicalJson', copy)).toHaveLength(2);
    expect(declarationsOf('FieldErrors', copy)).toHaveLength(2);
    expect(declarationsOf('FieldError', copy)).toHaveLength(1);
  });

  it('leaves class-based validation out of every source and test file', () => {
    const everything = ['apps', 'libs', 'tools', 'fuzz', 'e2e', 'bench', 'chaos'].flatMap((folder) =>
      sourceFiles(path.join(ROOT, folder), true),
    );
    const packages = ['class-validator', 'class-transformer', '@nestjs/swagger'];
    const self = path.relative(ROOT, __filename);
    const hits = everything
      .filter((file) => path.relative(ROOT, file) !== self)
      .flatMap((file) =>
        packages
          .filter((name) => readFileSync(file, 'utf8').includes(name))
          .map((name) => `${path.relative(ROOT, file)}: ${name}`),
      );
    expect(hits).toEqual([]);
  });

  it('raises a 422 through GatewayException only', () => {
    const allowed: string[] = [];
    const raised = [...texts].filter(
      ([file, text]) => file.startsWith('apps/api-gateway/') && /new UnprocessableEntityException\b/.test(text),
    );
    expect(raised.map(([file]) => file).filter((file) => !allowed.includes(file))).toEqual([]);
  });
});
