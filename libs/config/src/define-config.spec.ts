import { bool, int, intList, str, url } from './config-variable';
import { ConfigValidationError, defineConfig } from './define-config';

const definition = defineConfig('test-service', {
  PORT: int({ doc: 'port', default: 3000, min: 1, max: 65535 }),
  DB: url({ doc: 'db', protocols: ['postgres'] }),
  TOKEN: str({ doc: 'token', secret: true, default: 'dev' }),
  FEATURE: bool({ doc: 'flag', default: false }),
  DELAYS: intList({ doc: 'delays', default: [1, 2] }),
});

describe('defineConfig', () => {
  it('applies defaults and parses values', () => {
    const config = definition.load({ DB: 'postgres://u:p@h/db', FEATURE: 'yes', DELAYS: '5, 6' });
    expect(config).toEqual({ PORT: 3000, DB: 'postgres://u:p@h/db', TOKEN: 'dev', FEATURE: true, DELAYS: [5, 6] });
  });

  it('names every bad or missing variable at once', () => {
    let error: unknown;
    try {
      definition.load({ PORT: '70000', FEATURE: 'maybe', DELAYS: 'a' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be between 1 and 65535/);
    expect(problems.join('\n')).toMatch(/DB is required/);
    expect(problems.join('\n')).toMatch(/FEATURE must be true or false/);
    expect(problems.join('\n')).toMatch(/DELAYS must be comma-separated/);
  });

  it('rejects a URL of the wrong kind', () => {
    expect(() => definition.load({ DB: 'http://x' })).toThrow(/DB must be a postgres URL/);
  });

  it('masks secrets and URL passwords when described', () => {
    const config = definition.load({ DB: 'postgres://user:hunter2@host/db', TOKEN: 'top-secret' });
    const described = JSON.stringify(definition.describe(config));
    expect(described).not.toContain('hunter2');
    expect(described).not.toContain('top-secret');
    expect(described).toContain('postgres://user:***@host/db');
  });

  it('refuses a test hook in production, and only there', () => {
    const hooked = defineConfig('hooked', { HOOK: str({ doc: 'test hook', default: '', testOnly: true }) });
    expect(hooked.load({ NODE_ENV: 'test', HOOK: 'marker-123' }).HOOK).toBe('marker-123');
    expect(hooked.load({ NODE_ENV: 'production' }).HOOK).toBe('');
    expect(() => hooked.load({ NODE_ENV: 'production', HOOK: 'marker-123' })).toThrow(
      /HOOK is a test hook and cannot be set when NODE_ENV=production/,
    );
  });

  it('checks rules across variables once every variable is valid, each problem a line', () => {
    const ordered = defineConfig('test-service', {
      LOW: int({ doc: 'low', default: 1 }),
      HIGH: int({ doc: 'high', default: 2 }),
    }).withRules([(config) => (config.LOW < config.HIGH ? undefined : 'LOW must be below HIGH')]);
    expect(ordered.load({ LOW: '3', HIGH: '9' })).toEqual({ LOW: 3, HIGH: 9 });
    expect(() => ordered.load({ LOW: '9', HIGH: '3' })).toThrow(/LOW must be below HIGH/);
    expect(() => ordered.load({ LOW: 'x', HIGH: '3' })).toThrow(/LOW must be an integer/);
  });
});
