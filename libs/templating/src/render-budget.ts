import { CONTRACT_LIMITS } from '@herald/contracts';

/** What rendering one job's controls may cost, all controls together. */
export interface RenderBudgetLimits {
  /** Wall time, in ms (liquidjs checks it before every tag, output and loop iteration). */
  timeMs: number;
  /** Characters written, loop bodies and `capture`s included. */
  outputChars: number;
  /** liquidjs' memory units (array elements and string characters its filters and ranges create). */
  memory: number;
  /** Characters of template source. */
  sourceChars: number;
}

/** Per job: 1 s, 2 M characters out, 10 M memory units, the contracts' template size per step. */
export const DEFAULT_RENDER_BUDGET: Readonly<RenderBudgetLimits> = {
  timeMs: 1_000,
  outputChars: 2_000_000,
  memory: 10_000_000,
  sourceChars: CONTRACT_LIMITS.maxStepTemplatesLength,
};

/** Thrown inside liquidjs when a budget runs out; {@link RenderBudget.exceeded} says which. */
class BudgetExhausted extends Error {}

/** liquidjs' `Limiter` shape: `use` adds to a running total, `check` tests one value. */
export interface LiquidLimiter {
  use(count: number): void;
  check(count: number): void;
}

/**
 * One job's render budget, shared by every control of the job: the time, memory and output limits
 * of liquidjs run against it instead of restarting for each template (decision 0029). Once a limit
 * is passed it stays exceeded and `exceeded` says which.
 */
export class RenderBudget {
  /** Why the budget ran out, e.g. "output over 2000000 characters"; undefined while it has not. */
  exceeded?: string;
  private readonly deadline: number;
  private output = 0;
  private memoryUsed = 0;
  private source = 0;

  /** liquidjs' `renderLimit`: checked with the current time before each template node. */
  readonly time: LiquidLimiter = {
    use: () => undefined,
    check: () => {
      if (this.now() > this.deadline) this.fail(`took longer than ${this.limits.timeMs} ms`);
    },
  };

  /** liquidjs' `memoryLimit`. */
  readonly memory: LiquidLimiter = {
    use: (count) => {
      if (!(+count > 0)) return;
      this.memoryUsed += +count;
      if (this.memoryUsed > this.limits.memory) this.fail(`allocated more than ${this.limits.memory} memory units`);
    },
    check: (count) => {
      if (+count > this.limits.memory - this.memoryUsed)
        this.fail(`allocated more than ${this.limits.memory} memory units`);
    },
  };

  constructor(
    readonly limits: RenderBudgetLimits = DEFAULT_RENDER_BUDGET,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + limits.timeMs;
  }

  /** Counts characters written to any output. */
  chargeOutput(chars: number): void {
    this.output += chars;
    if (this.output > this.limits.outputChars) this.fail(`output over ${this.limits.outputChars} characters`);
  }

  /** Counts template source about to be rendered. */
  chargeSource(chars: number): void {
    this.source += chars;
    if (this.source > this.limits.sourceChars) this.fail(`templates longer than ${this.limits.sourceChars} characters`);
  }

  private fail(reason: string): never {
    this.exceeded ??= reason;
    throw new BudgetExhausted(`render budget exceeded: ${this.exceeded}`);
  }
}
