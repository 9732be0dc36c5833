/**
 * The pause between two passes of a polling loop (outbox relay, timer scheduler), cut short when a
 * notification says there is new work. A wake that arrives while a pass runs is remembered, so the
 * next pause returns at once: no notification is lost between "the pass found nothing" and "start
 * sleeping".
 */
export class WakeablePause {
  private woken = false;
  private wakeSleeper?: () => void;

  /** Call at the start of each pass: wakes from before it are covered by what the pass reads. */
  beginPass(): void {
    this.woken = false;
  }

  /** Ends the current pause now, or makes the next one return at once. */
  wake(): void {
    this.woken = true;
    const wakeSleeper = this.wakeSleeper;
    this.wakeSleeper = undefined;
    wakeSleeper?.();
  }

  /** Waits `ms`, or less when woken. */
  sleep(ms: number): Promise<void> {
    if (this.woken || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}
