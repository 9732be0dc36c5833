import { isOperatorConsole, operatorViewUrl, parseOperatorView } from './operator-route';

describe('operator console routes', () => {
  it('tells the operator console from the public one', () => {
    expect(isOperatorConsole('/admin/console')).toBe(true);
    expect(isOperatorConsole('/admin/console/dead-letters')).toBe(true);
    expect(isOperatorConsole('/console')).toBe(false);
    expect(isOperatorConsole('/admin/consoles')).toBe(false);
  });

  it('reads and writes views', () => {
    expect(parseOperatorView('/admin/console')).toBe('organizations');
    expect(parseOperatorView('/admin/console/dead-letters/')).toBe('dead-letters');
    expect(parseOperatorView(operatorViewUrl('organizations'))).toBe('organizations');
  });
});
