import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The console bundle's media types; any other file in the directory is not served. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Where `tools/build.js` writes the console bundle: `dist/console/assets` under the repository (or
 * image) root, the nearest directory above this file holding a package.json — the same place from
 * compiled code in dist/ and from sources under test.
 */
export function consoleAssetsDirectory(from = __dirname): string {
  let directory = from;
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) return path.join(from, 'console-assets-not-found');
    directory = parent;
  }
  return path.join(directory, 'dist', 'console', 'assets');
}

/**
 * The files the console may serve, by name, with their media types: read from the directory once,
 * so a request can only ever name one of them (no path from the URL reaches the file system).
 */
export function listConsoleAssets(directory: string): Map<string, { file: string; type: string }> {
  const assets = new Map<string, { file: string; type: string }>();
  if (!existsSync(directory)) return assets;
  for (const name of readdirSync(directory)) {
    const type = MEDIA_TYPES[path.extname(name)];
    if (type) assets.set(name, { file: path.join(directory, name), type });
  }
  return assets;
}
