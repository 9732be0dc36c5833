import { JsonLogger, redact } from './json-logger';

describe('JsonLogger', () => {
  it('writes one JSON line with service, level, context and message', () => {
    const lines: string[] = [];
    new JsonLogger('svc', 'info', (line) => lines.push(line)).log('hello', 'Ctx');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', service: 'svc', context: 'Ctx', msg: 'hello' });
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    new JsonLogger('svc', 'warn', (line) => lines.push(line)).log('quiet');
    expect(lines).toHaveLength(0);
  });

  it('never writes payloads, credentials or keys', () => {
    const lines: string[] = [];
    new JsonLogger('svc', 'debug', (line) => lines.push(line)).debug({
      msg: 'x',
      payload: { a: 1 },
      nested: { apiKey: 'k', credentials: { p: 1 } },
    });
    expect(lines[0]).not.toMatch(/"a":1|"k"|"p":1/);
    expect(redact({ Authorization: 'ApiKey 1', ok: 1 })).toEqual({ Authorization: '[redacted]', ok: 1 });
  });
});
