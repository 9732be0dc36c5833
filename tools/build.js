#!/usr/bin/env node
// Compiles apps, libs and tools to dist/ with swc (decorator metadata included, path aliases rewritten),
// and bundles the web console (apps/console, React) for the browser with esbuild into dist/console/.
// Skips the work when no source file is newer than the last build, so `npm start` stays quick.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const sources = ['apps', 'libs', 'tools', 'bench'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(ts|tsx|css)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Compiles when a source is newer than the last build (or always with `force`). The output goes
 * to a fresh directory first and replaces dist/ only when complete, so a build started by another
 * command (a bench, a test run, `npm start`) never sees dist/ missing or half written.
 */
function build({ force = false } = {}) {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const configs = ['.swcrc', 'package-lock.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs);
  const present = sources.filter((s) => fs.existsSync(path.join(root, s)));
  const newest = Math.max(...present.map((s) => newestMtime(path.join(root, s))), ...configs);
  if (!force && built >= newest) {
    console.log('build: dist/ is up to date');
    return;
  }
  const started = Date.now();
  const fresh = path.join(root, `dist.building-${process.pid}`);
  const old = path.join(root, `dist.replaced-${process.pid}`);
  fs.rmSync(fresh, { recursive: true, force: true });
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('@swc/cli/bin/swc.js'),
        ...present,
        '-d',
        fresh,
        '--config-file',
        '.swcrc',
        '--quiet',
        '--ignore',
        // The console is browser code: esbuild bundles it below.
        '**/*.spec.ts,**/*.int-spec.ts,apps/console/**',
      ],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    bundleConsole(path.join(fresh, 'console'));
    fs.writeFileSync(path.join(fresh, '.build-stamp'), new Date().toISOString());
    // Two renames: the moment without a dist/ lasts microseconds, not the whole compile.
    if (fs.existsSync(path.join(root, 'dist'))) fs.renameSync(path.join(root, 'dist'), old);
    fs.renameSync(fresh, path.join(root, 'dist'));
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
  console.log(`build: compiled to dist/ in ${Date.now() - started} ms`);
}

/**
 * The console's one script and one stylesheet (Mantine's CSS extracted, so the page needs no inline
 * style but Mantine's nonce-carrying variables), minified, with nothing fetched at run time. The
 * gateway serves them from `dist/console/assets/` (decision 0038).
 */
function bundleConsole(outdir) {
  require('esbuild').buildSync({
    entryPoints: { console: path.join(root, 'apps', 'console', 'src', 'main.tsx') },
    bundle: true,
    outdir: path.join(outdir, 'assets'),
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    tsconfig: path.join(root, 'apps', 'console', 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

module.exports = { build };
if (require.main === module) build({ force: process.argv.includes('--force') });
