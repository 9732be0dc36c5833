import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildJobDispatchFixture } from '@herald/contracts';

import type { JobOutcome } from './job-outcome';
import { OutcomeJournal } from './outcome-journal';

const delivered: JobOutcome = {
  status: 'completed',
  integrationId: 'integration-1',
  providerId: 'sendgrid',
  providerMessageId: 'sg-1',
  recipient: 'ada@example.com',
  detail: 'Sent by sendgrid',
};

describe('OutcomeJournal', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'herald-journal-'));
    file = path.join(dir, 'nested', 'runner-email.journal');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands a process the outcomes its predecessor journaled and did not record', () => {
    const [first, second] = [buildJobDispatchFixture({}, 'email'), buildJobDispatchFixture({}, 'email')];
    const killed = OutcomeJournal.open(file);
    killed.sent(first, delivered);
    killed.sent(second, { ...delivered, providerMessageId: 'sg-2' });
    killed.recorded(first);
    // no close(): the process was killed
    expect(OutcomeJournal.open(file).pending()).toEqual([
      { job: second, outcome: { ...delivered, providerMessageId: 'sg-2' } },
    ]);
  });

  it('keeps one entry per attempt: a later attempt of the same job is its own entry', () => {
    const job = buildJobDispatchFixture({}, 'email');
    const journal = OutcomeJournal.open(file);
    journal.sent(job, delivered);
    journal.sent({ ...job, attempt: 2 }, delivered);
    journal.recorded(job);
    journal.close();
    expect(
      OutcomeJournal.open(file)
        .pending()
        .map((entry) => entry.job.attempt),
    ).toEqual([2]);
  });

  it('ignores a line cut short by a crash in the middle of writing it', () => {
    const job = buildJobDispatchFixture({}, 'email');
    const journal = OutcomeJournal.open(file);
    journal.sent(job, delivered);
    journal.close();
    appendFileSync(file, '{"sent":{"job":{"jobId":"cut');
    expect(OutcomeJournal.open(file).pending()).toHaveLength(1);
  });

  it('rewrites the file with only what is pending, on open and after enough appends', () => {
    const journal = OutcomeJournal.open(file, 4_000);
    const jobs = Array.from({ length: 6 }, () => buildJobDispatchFixture({}, 'email'));
    for (const job of jobs) {
      journal.sent(job, delivered);
      journal.recorded(job);
    }
    const kept = buildJobDispatchFixture({}, 'email');
    journal.sent(kept, delivered);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(6 * 2);
    journal.close();
    expect(
      OutcomeJournal.open(file)
        .pending()
        .map((entry) => entry.job.jobId),
    ).toEqual([kept.jobId]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('writes a recorded line only for an outcome it holds', () => {
    const journal = OutcomeJournal.open(file);
    journal.recorded(buildJobDispatchFixture({}, 'email'));
    journal.close();
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
