/** A time as people read it here: local date and time with seconds. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** `+1.2 s` after `since`. */
export function formatOffset(iso: string, since: string): string {
  const ms = Date.parse(iso) - Date.parse(since);
  if (!Number.isFinite(ms)) return '';
  return ms < 1000 ? `+${ms} ms` : ms < 120_000 ? `+${(ms / 1000).toFixed(1)} s` : `+${Math.round(ms / 60_000)} min`;
}
