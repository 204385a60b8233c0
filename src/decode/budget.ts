/**
 * A work budget for reading one user data: every stage (base64, gzip, MIME, EC2Launch
 * sections and YAML, the PowerShell tokenizer, syntax tree, value tracker and argument
 * binder) spends steps from it as it goes, a step being about one character or one node
 * looked at. The budget is proportional to the input's size, so reading is linear in it;
 * an input that needs more work than any real user data of its size is unreadable, with
 * nothing of what was read so far kept (never a partial guess).
 */
import { UserDataDecodeError } from './errors.ts';
import { WORK_BUDGET_FLOOR, WORK_STEPS_PER_CHARACTER } from './limits.ts';

/** The reason the report gives; fixed, like every decode reason. */
export const WORK_BUDGET_EXHAUSTED =
  'reading it needs more work than user data of its size ever does (the work budget ran out)';

/** Reading the user data ran out of its work budget. */
export class WorkBudgetExceededError extends UserDataDecodeError {
  constructor() {
    super(WORK_BUDGET_EXHAUSTED);
    this.name = 'WorkBudgetExceededError';
  }
}

/** What reading one user data cost, for tests and the benchmark. */
export interface WorkReport {
  /** Steps spent (never more than `limit` plus the last charge, which ran over). */
  spent: number;
  /** Steps allowed: the floor plus a share per character of input and of inflated text. */
  limit: number;
  /** True when reading stopped because the budget ran out. */
  exhausted: boolean;
}

export class WorkBudget {
  #limit: number;
  #spent = 0;
  #exhausted = false;

  /** A budget of `limit` steps; `forInput` sizes one for an input. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The floor plus WORK_STEPS_PER_CHARACTER for each character of the input. */
  static forInput(characters: number): WorkBudget {
    return new WorkBudget(WORK_BUDGET_FLOOR + WORK_STEPS_PER_CHARACTER * characters);
  }

  /**
   * Text a gzip layer inflated is input too: the budget grows with it, so compressed user
   * data gets the budget of its text (MAX_INFLATED_BYTES bounds the growth).
   */
  allowFor(characters: number): void {
    this.#limit += WORK_STEPS_PER_CHARACTER * characters;
  }

  /** Spends `steps`; throws WorkBudgetExceededError once the total passes the limit. */
  spend(steps: number): void {
    this.#spent += steps;
    if (this.#spent > this.#limit) {
      this.#exhausted = true;
      throw new WorkBudgetExceededError();
    }
  }

  report(): WorkReport {
    return { spent: this.#spent, limit: this.#limit, exhausted: this.#exhausted };
  }
}
