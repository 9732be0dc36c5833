import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

import { productionSecretProblem } from './production-secret';

const ROOT = resolve(__dirname, '../../..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.nx', '.herald', 'coverage', 'tmp']);
const TEXT = new Set(['.ts', '.js', '.mjs', '.json', '.yml', '.yaml', '.md', '.sh']);
const NAMES =
  '(?:INBOX_SESSION_SECRET|API_KEY_HMAC_SECRET|CREDENTIALS_ENCRYPTION_KEY|RUNNER_CREDENTIALS_KEY|OPERATOR_TOKEN)(?:_PREVIOUS)?';
// A literal given to one of the names: `NAME = 'x'`, `NAME: "x"`, YAML `NAME: x`, `- NAME=x`, `${NAME:-x}`.
const ASSIGNMENTS = [
  new RegExp(`\\$\\{${NAMES}:?-([^}]+)\\}`, 'g'),
  new RegExp(`\\b${NAMES}\\s*[:=]\\s*['"\`]([^'"\`$\\s]+)['"\`]`, 'g'),
  new RegExp(`^\\s*(?:-\\s*)?${NAMES}\\s*[:=]\\s*([A-Za-z0-9+/=_.!-]+)\\s*$`, 'gm'),
];

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('dist.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(path);
    else if (TEXT.has(extname(entry.name))) yield path;
  }
}

test('every secret literal in the repository is refused in production', () => {
  const accepted: string[] = [];
  let found = 0;
  for (const file of textFiles(ROOT)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of ASSIGNMENTS) {
      for (const [, value] of text.matchAll(pattern)) {
        found += 1;
        if (productionSecretProblem('X', value, {}) === undefined)
          accepted.push(`${file.slice(ROOT.length + 1)}: ${value}`);
      }
    }
  }
  expect(found).toBeGreaterThan(0);
  expect(accepted).toEqual([]);
});
