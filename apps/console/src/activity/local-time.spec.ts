import { isoToLocalInput, localInputToIso } from './local-time';

describe('local time inputs', () => {
  it('round-trips a minute through the input format', () => {
    const iso = '2026-12-06T07:30:00.000Z';
    expect(localInputToIso(isoToLocalInput(iso))).toBe(iso);
  });

  it('leaves empty and invalid values out', () => {
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('not a date')).toBeUndefined();
    expect(isoToLocalInput(undefined)).toBe('');
  });
});
