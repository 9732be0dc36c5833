import { execFile } from 'node:child_process';

/** What a finished command printed. */
export interface CommandResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and resolves with its output; rejects (with that output in the
 * message) when it exits non-zero or outlives `timeoutMs`, in which case it is SIGKILLed
 * (`rabbitmqctl` ignores a plain SIGTERM).
 */
export function runCommand(
  file: string,
  args: readonly string[],
  timeoutMs = 30_000,
  env?: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', env: env ?? process.env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`.trim()));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/** Pauses between polls of an external process's state (not a wait for a test effect). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
