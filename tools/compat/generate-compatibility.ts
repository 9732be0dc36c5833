/** `npm run docs:compat`: rewrites docs/NOVU-COMPATIBILITY.md and the README's compatibility claim. */
import fs from 'node:fs';
import path from 'node:path';

import { COMPATIBILITY_DOC, generatedCompatibilityDocs } from './compatibility-docs';

const root = path.resolve(__dirname, '..', '..', '..');
const { table, readme } = generatedCompatibilityDocs(root);
fs.writeFileSync(path.join(root, COMPATIBILITY_DOC), table);
fs.writeFileSync(path.join(root, 'README.md'), readme);
process.stdout.write(`${COMPATIBILITY_DOC} and the README's compatibility claim regenerated\n`);
