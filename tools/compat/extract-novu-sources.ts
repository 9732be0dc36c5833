/**
 * `npm run docs:compat:pin -- [mirror]`: re-pins what Novu serves and what its
 * clients call into docs/compat/*.json — the routes of novuhq/novu's `apps/api` controllers (from a
 * bare git mirror, default /work/.mirror/novuhq+novu/repo), `@novu/api`'s operations, `@novu/node`'s
 * calls and `@novu/js`'s inbox routes (from node_modules). CI never runs it: the table is generated
 * from the pinned copies, so it needs neither the mirror nor the network.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

import { COMPAT_DIR, NovuRoute, PinnedSource, SourceId } from './compat-sources';

const root = path.resolve(__dirname, '..', '..', '..');
const nodeModules = path.join(root, 'node_modules');
const VERBS = ['get', 'post', 'put', 'patch', 'delete'];

function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(nodeModules, name, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** `/subscribers/${id}/x?${q}` as written in a call → `/subscribers/{id}/x`. */
function pathOfExpression(expression: ts.Expression, file: ts.SourceFile, scope: ts.Node): string | undefined {
  if (ts.isStringLiteralLike(expression)) return expression.text;
  if (ts.isTemplateExpression(expression)) {
    let out = expression.head.text;
    for (const span of expression.templateSpans) {
      out += spanValue(span.expression, file, scope);
      out += span.literal.text;
    }
    return out;
  }
  if (ts.isIdentifier(expression)) return resolveConstant(expression.text, file, scope);
  return undefined;
}

/** A `${…}` in a path: a constant's value, nothing for a query string, `global` for `Enum.GLOBAL`, else `{param}`. */
function spanValue(inner: ts.Expression, file: ts.SourceFile, scope: ts.Node): string {
  const constant = ts.isIdentifier(inner) ? resolveConstant(inner.text, file, scope) : undefined;
  if (constant !== undefined) return constant;
  if (ts.isIdentifier(inner) && /query|suffix|searchParams/i.test(inner.text)) return '';
  if (ts.isPropertyAccessExpression(inner) && /^[A-Z_]+$/.test(inner.name.text)) return inner.name.text.toLowerCase();
  // `encodeURIComponent(args.conversationId)` → `{conversationId}`
  const name = inner.getText(file).match(/(\w+)\W*$/)?.[1] ?? 'param';
  return `{${name}}`;
}

/** The initial value of a `const`/`let`/`var` named so, nearest the call first. */
function resolveConstant(name: string, file: ts.SourceFile, scope: ts.Node): string | undefined {
  let found: ts.VariableDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(scope);
  if (!found) visit(file);
  const init = (found as ts.VariableDeclaration | undefined)?.initializer;
  return init ? pathOfExpression(init, file, file) : undefined;
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function familyOf(routePath: string): string {
  const parts = routePath.split('/').filter(Boolean);
  return (/^v\d+$/.test(parts[0] ?? '') ? parts[1] : parts[0]) ?? '';
}

function route(method: string, routePath: string, id: string, extra: Partial<NovuRoute> = {}): NovuRoute {
  const clean = `/${routePath.split('?')[0].split('/').filter(Boolean).join('/')}`;
  return { method: method.toUpperCase(), path: clean, family: familyOf(clean), id, ...extra };
}

function decoratorsOf(node: ts.Node): { name: string; args: readonly ts.Expression[] }[] {
  const none: readonly ts.Expression[] = [];
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  return decorators.flatMap((decorator) => {
    const call = decorator.expression;
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression))
      return [{ name: call.expression.text, args: call.arguments }];
    if (ts.isIdentifier(call)) return [{ name: call.text, args: none }];
    return [];
  });
}

/** novuhq/novu's `apps/api` controllers: every `@Get`/`@Post`… with its version and whether Novu documents it. */
function extractNovuRoutes(mirror: string): PinnedSource {
  const git = (...args: string[]) => execFileSync('git', ['-C', mirror, ...args], { encoding: 'utf8', maxBuffer: 1e8 });
  const commit = git('rev-parse', 'HEAD').trim();
  const files = git('ls-tree', '-r', 'HEAD', '--name-only')
    .split('\n')
    .filter((name) => /^apps\/api\/src\/app\/.*\.controller\.ts$/.test(name));
  const routes: NovuRoute[] = [];
  for (const name of files) {
    const file = parse(name, git('show', `HEAD:${name}`));
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node)) {
        const decorators = decoratorsOf(node);
        const controller = decorators.find((d) => d.name === 'Controller');
        if (!controller) return;
        let base = '';
        let version = '1';
        const arg = controller.args[0];
        if (arg && ts.isObjectLiteralExpression(arg)) {
          for (const property of arg.properties) {
            if (!ts.isPropertyAssignment(property)) continue;
            const value = pathOfExpression(property.initializer, file, file);
            if (property.name.getText(file) === 'path') base = value ?? '';
            if (property.name.getText(file) === 'version') version = value ?? version;
          }
        } else if (arg) base = pathOfExpression(arg, file, file) ?? '';
        const classExcluded = decorators.some((d) => d.name === 'ApiExcludeController');
        for (const member of node.members) {
          if (!ts.isMethodDeclaration(member)) continue;
          const methodDecorators = decoratorsOf(member);
          const verb = methodDecorators.find((d) => VERBS.includes(d.name.toLowerCase()));
          if (!verb) continue;
          const sub = verb.args[0] ? (pathOfExpression(verb.args[0], file, file) ?? '') : '';
          const versionDecorator = methodDecorators.find((d) => d.name === 'Version');
          const v = versionDecorator?.args[0]
            ? (pathOfExpression(versionDecorator.args[0], file, file) ?? version)
            : version;
          const full = `/v${v}/${base}/${sub}`.replace(/:(\w+)/g, '{$1}');
          routes.push(
            route(verb.name, full, `${node.name?.text ?? '?'}.${member.name.getText(file)}`, {
              file: name,
              public: !classExcluded && !methodDecorators.some((d) => d.name === 'ApiExcludeEndpoint'),
              apiKey: methodDecorators.some((d) => d.name === 'ExternalApiAccessible'),
            }),
          );
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return {
    source: 'novu-routes',
    title: 'Novu API routes',
    origin: `novuhq/novu@${commit} apps/api/src/app/**/*.controller.ts`,
    routes,
  };
}

/** `@novu/api`: one file per operation under `funcs/`, each with its path template and method. */
function extractNovuApi(): PinnedSource {
  const dir = path.join(nodeModules, '@novu/api/funcs');
  const routes: NovuRoute[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const routePath = /pathToFunc\)\("([^"]+)"/.exec(text)?.[1];
    const method = /method: "([A-Z]+)"/.exec(text)?.[1];
    const operationId = /operationID: "([^"]+)"/.exec(text)?.[1];
    if (!routePath || !method) throw new Error(`@novu/api funcs/${name}: no path or method found`);
    routes.push(route(method, routePath, name.replace(/\.js$/, ''), { operationId }));
  }
  return {
    source: 'novu-api',
    title: '@novu/api',
    origin: `@novu/api@${packageVersion('@novu/api')} funcs/*.js`,
    routes,
  };
}

/** Calls on an HTTP client (`this.http.get(…)`, `__privateGet(this, _httpClient).get(…)`) in compiled JS. */
function clientCalls(
  fileName: string,
  text: string,
  isClient: (target: ts.Expression, file: ts.SourceFile) => boolean,
): { method: string; path: string; owner: string }[] {
  const file = parse(fileName, text);
  const calls: { method: string; path: string; owner: string }[] = [];
  const visit = (node: ts.Node, owner: string, scope: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name) owner = node.name.text;
    const named =
      (ts.isFunctionLike(node) && node.name) ||
      (ts.isPropertyAssignment(node) && ts.isFunctionLike(node.initializer) && node.name);
    if (named) {
      owner = `${owner.split('.')[0]}.${named.getText(file)}`;
      scope = node;
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      VERBS.includes(node.expression.name.text) &&
      isClient(node.expression.expression, file) &&
      node.arguments[0]
    ) {
      const found = pathOfExpression(node.arguments[0], file, scope);
      if (found === undefined)
        throw new Error(`${fileName}: cannot read the path of ${node.getText(file).slice(0, 80)}`);
      calls.push({ method: node.expression.name.text, path: found, owner });
    }
    ts.forEachChild(node, (child) => visit(child, owner, scope));
  };
  visit(file, '', file);
  return calls;
}

/** `@novu/node` 2.x: each resource class's axios calls, relative to `<backendUrl>/v1`. */
function extractNovuNode(): PinnedSource {
  const dir = path.join(nodeModules, '@novu/node/build/module/lib');
  const routes: NovuRoute[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js') && !entry.name.endsWith('.spec.js')) {
        for (const call of clientCalls(full, fs.readFileSync(full, 'utf8'), (t, f) => t.getText(f) === 'this.http')) {
          const [resource, method] = call.owner.split('.');
          const id = `${resource.charAt(0).toLowerCase()}${resource.slice(1)}.${method}`;
          routes.push(route(call.method, `/v1/${call.path}`, id));
        }
      }
    }
  };
  walk(dir);
  return {
    source: 'novu-node',
    title: '@novu/node',
    origin: `@novu/node@${packageVersion('@novu/node')} build/module/lib/**/*.js`,
    routes,
  };
}

/** `@novu/js` 3.x: the inbox service's calls, relative to `<apiUrl>/v1`. */
function extractNovuJs(): PinnedSource {
  const dir = path.join(nodeModules, '@novu/js/dist/cjs');
  const routes: NovuRoute[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    if (!text.includes('_httpClient')) continue;
    for (const call of clientCalls(name, text, (t, f) => /_httpClient\)$/.test(t.getText(f)))) {
      routes.push(route(call.method, `/v1/${call.path}`, call.owner.split('.')[1] ?? call.owner));
    }
  }
  return {
    source: 'novu-js',
    title: '@novu/js',
    origin: `@novu/js@${packageVersion('@novu/js')} dist/cjs/*.js (InboxService)`,
    routes,
  };
}

function write(pinned: PinnedSource): void {
  const seen = new Set<string>();
  const routes = pinned.routes
    .filter((r) => {
      const key = `${r.method} ${r.path} ${r.id}`;
      return !seen.has(key) && seen.add(key);
    })
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method) || a.id.localeCompare(b.id));
  const file = path.join(root, COMPAT_DIR, `${pinned.source}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...pinned, routes }, null, 2)}\n`);
  process.stdout.write(`${path.relative(root, file)}: ${routes.length} routes from ${pinned.origin}\n`);
}

const extractors: Record<SourceId, () => PinnedSource> = {
  'novu-routes': () => extractNovuRoutes(process.argv[2] ?? '/work/.mirror/novuhq+novu/repo'),
  'novu-api': extractNovuApi,
  'novu-node': extractNovuNode,
  'novu-js': extractNovuJs,
};
for (const extract of Object.values(extractors)) write(extract());
