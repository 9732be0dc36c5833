import { ConfigVariable } from './config-variable';
import { productionSecretProblem } from './production-secret';

type Variables = Record<string, ConfigVariable<unknown>>;

/** The parsed configuration a definition yields (a variable only some services define is an optional field). */
export type ConfigOf<D> =
  D extends ConfigDefinition<infer V>
    ? { readonly [K in keyof V]: NonNullable<V[K]> extends ConfigVariable<infer T> ? T : never }
    : never;

/** Thrown when the environment is invalid; lists every problem at once so one restart fixes all. */
export class ConfigValidationError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${service}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** A rule across variables, checked once each is valid: the problem line, or undefined when it holds. */
export type ConfigRule<V extends Variables> = (config: ConfigOf<ConfigDefinition<V>>) => string | undefined;

/** A service's typed, validated configuration: the only reader of `process.env`. */
export class ConfigDefinition<V extends Variables> {
  constructor(
    readonly service: string,
    readonly variables: V,
    readonly rules: readonly ConfigRule<V>[] = [],
  ) {}

  /**
   * Parses `env`, or throws {@link ConfigValidationError} naming every bad or missing variable. In
   * production (`NODE_ENV=production`) secrets are also held to their production rule, and a
   * test-only variable that is set is an error.
   */
  load(env: NodeJS.ProcessEnv = process.env): ConfigOf<ConfigDefinition<V>> {
    const problems: string[] = [];
    const values: Record<string, unknown> = {};
    const production = env.NODE_ENV === 'production';
    for (const [name, variable] of Object.entries(this.variables)) {
      const raw = env[name];
      if (production && variable.testOnly && raw !== undefined && raw !== '') {
        problems.push(`${name} is a test hook and cannot be set when NODE_ENV=production`);
        continue;
      }
      if (production && variable.productionSecret) {
        const ownDefault =
          typeof variable.default === 'string' && variable.default !== '' ? variable.default : undefined;
        const problem = productionSecretProblem(name, raw, variable.productionSecret, ownDefault);
        if (problem) {
          problems.push(problem);
          continue;
        }
      }
      if (raw === undefined || raw === '') {
        if (variable.default === undefined) problems.push(`${name} is required (${variable.doc})`);
        else values[name] = variable.default;
        continue;
      }
      const parsed = variable.parse(raw);
      if ('error' in parsed) problems.push(`${name} ${parsed.error}`);
      else values[name] = parsed.value;
    }
    if (problems.length > 0) throw new ConfigValidationError(this.service, problems);
    const config = Object.freeze(values) as ConfigOf<ConfigDefinition<V>>;
    const broken = this.rules.map((rule) => rule(config)).filter((problem) => problem !== undefined);
    if (broken.length > 0) throw new ConfigValidationError(this.service, broken);
    return config;
  }

  /** This definition plus `rules` across its variables, checked by `load` once every variable is valid. */
  withRules(rules: readonly ConfigRule<V>[]): ConfigDefinition<V> {
    return new ConfigDefinition(this.service, this.variables, [...this.rules, ...rules]);
  }

  /** The configuration with secrets masked, safe to log. */
  describe(config: ConfigOf<ConfigDefinition<V>>): Record<string, unknown> {
    const record = config as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(this.variables).map(([name, variable]) => [
        name,
        variable.secret ? '***' : maskUrlPassword(record[name]),
      ]),
    );
  }
}

function maskUrlPassword(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^/]*:[^/]*@/i.test(value)) return value;
  const parsed = new URL(value);
  parsed.password = '***';
  return parsed.toString();
}

/** Declares a service's configuration (add rules across its variables with `withRules`). */
export function defineConfig<V extends Variables>(service: string, variables: V): ConfigDefinition<V> {
  return new ConfigDefinition(service, variables);
}
