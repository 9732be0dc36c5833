import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

import type { JobDispatchData } from '@herald/contracts';

import type { JobOutcome } from './job-outcome';
import { attemptKey } from './unrecorded-outcomes';

/** An outcome of a send that the journal holds until it is recorded in the delivery log. */
export interface JournaledOutcome {
  job: JobDispatchData;
  outcome: JobOutcome;
}

type Line = { sent: JournaledOutcome } | { recorded: string };

/** Rewrite the file with only what is pending once this much has been appended. */
const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * A runner's local, append-only journal of provider sends whose outcome is not yet recorded in the
 * delivery log (0012, amendment). A send to a provider is not part of any transaction: a process
 * killed between the provider's answer and the commit of its outcome left the key `sending`, and
 * after the lease the key was sent again — an in-doubt resend. The runner now appends the outcome
 * here the moment the provider answers and a second line once it is recorded; on start it records
 * what is still pending before it takes jobs, so the key is `delivered` before any copy of the job
 * can be tried again. A `write(2)` per line, no fsync: the page cache survives the process (kill -9,
 * OOM, a container restart with the directory on a volume of the pod), not the machine — the
 * remaining in-doubt window is the provider answer → this write, microseconds instead of a commit.
 * One file per process: a directory per replica (an emptyDir in k8s, a volume in compose).
 */
export class OutcomeJournal {
  private readonly pendingByKey = new Map<string, JournaledOutcome>();
  private fd: number;
  private appendedBytes = 0;

  private constructor(
    private readonly file: string,
    private readonly compactAfterBytes: number,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) this.replay(readFileSync(file, 'utf8'));
    this.fd = this.rewrite();
  }

  /** Opens (or creates) the journal at `file`, keeping what an earlier process left pending. */
  static open(file: string, compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES): OutcomeJournal {
    return new OutcomeJournal(file, compactAfterBytes);
  }

  /** The provider answered: the outcome is on disk before anything else can fail. */
  sent(job: JobDispatchData, outcome: JobOutcome): void {
    this.pendingByKey.set(attemptKey(job), { job, outcome });
    this.append({ sent: { job, outcome } });
  }

  /** The outcome is in the delivery log (or the key was finished by another process): nothing left to do for it. */
  recorded(job: JobDispatchData): void {
    const key = attemptKey(job);
    if (!this.pendingByKey.delete(key)) return;
    this.append({ recorded: key });
  }

  /** Outcomes sent but not yet recorded, oldest first. */
  pending(): JournaledOutcome[] {
    return [...this.pendingByKey.values()];
  }

  close(): void {
    closeSync(this.fd);
  }

  private append(line: Line): void {
    const text = `${JSON.stringify(line)}\n`;
    writeSync(this.fd, text);
    this.appendedBytes += text.length;
    if (this.appendedBytes > this.compactAfterBytes) {
      closeSync(this.fd);
      this.fd = this.rewrite();
    }
  }

  /** Writes the pending outcomes to a new file, swaps it in atomically and opens it for appending. */
  private rewrite(): number {
    const next = `${this.file}.next`;
    writeFileSync(
      next,
      this.pending()
        .map((entry) => `${JSON.stringify({ sent: entry } satisfies Line)}\n`)
        .join(''),
    );
    renameSync(next, this.file);
    this.appendedBytes = 0;
    return openSync(this.file, 'a');
  }

  private replay(text: string): void {
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a line cut short by a crash mid-write: its send was never confirmed to anyone
      }
      if ('sent' in line) this.pendingByKey.set(attemptKey(line.sent.job), line.sent);
      else this.pendingByKey.delete(line.recorded);
    }
  }
}
