// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by source
// (package or repository file), and inclusive time of the repository's own functions, so the
// hot spots can be read without DevTools.
// A window (`{ "fromMicros": …, "toMicros": … }` on the monotonic clock that both V8's profile
// timestamps and process.hrtime use on Linux; the e2e bench writes `measure-window.json` next to
// the profiles) keeps only the samples taken while the bench measured, leaving start-up out.
// Run: node dist/bench/support/cpu-profile-summary.js <file.cpuprofile> [top=25] [window.json]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, a repository file, node internals, or V8 itself. */
function sourceOf(url: string): string {
  if (!url) return '(native / V8)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1];
  if (url.startsWith('node:')) return 'node internals';
  const repository = /\/dist\/(.*)$/.exec(url) ?? /\/bench-dist\/(.*)$/.exec(url);
  return repository ? repository[1] : url;
}

/** A span of the monotonic clock, µs. */
export interface ProfileWindow {
  fromMicros: number;
  toMicros: number;
}

export function summarize(file: string, top = 25, window?: ProfileWindow): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMicros = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (window && (at < window.fromMicros || at > window.toMicros)) return;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);
  const idle = [...selfMicros]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((sum, [, value]) => sum + value, 0);
  const bySelf = new Map<string, number>();
  const bySource = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const key = `${frame.functionName || '(anonymous)'} ${sourceOf(frame.url)}:${frame.lineNumber + 1}`;
    bySelf.set(key, (bySelf.get(key) ?? 0) + micros);
    if (frame.functionName === '(idle)') continue;
    const source = ['(program)', '(garbage collector)'].includes(frame.functionName)
      ? frame.functionName
      : sourceOf(frame.url);
    bySource.set(source, (bySource.get(source) ?? 0) + micros);
    // Inclusive time of repository functions (apps/ and libs/), each counted once per stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const callFrame = byId.get(at)?.callFrame;
      if (!callFrame || !/\/(apps|libs)\//.test(callFrame.url)) continue;
      const name = `${callFrame.functionName || '(anonymous)'} ${sourceOf(callFrame.url)}:${callFrame.lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    }
  }
  const busy = total - idle;
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)} %`;
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `  ${share(micros)}  ${name}`)
      .join('\n');
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled${window ? ' in the window' : ''}, ${(busy / 1e6).toFixed(1)} s busy (shares below are of busy time)`,
    'self time by source:',
    list(bySource),
    'self time by function:',
    list(bySelf),
    'inclusive time of repository functions:',
    list(inclusive),
  ].join('\n');
}

if (require.main === module) {
  const [file, top, windowFile] = process.argv.slice(2);
  if (!file) {
    console.error('usage: cpu-profile-summary <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(
    summarize(
      file,
      Number(top ?? 25),
      windowFile ? (JSON.parse(readFileSync(windowFile, 'utf8')) as ProfileWindow) : undefined,
    ),
  );
}
