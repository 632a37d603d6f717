/** The engine's typed error: a valid scenario that cannot be simulated (the API answers 422). */
export interface InputProblem {
  /** JSON Pointer into the scenario. */
  readonly path: string;
  readonly message: string;
}

export class UnprocessableScenarioError extends Error {
  constructor(
    message: string,
    readonly path: string,
    /** Each input the problem points at, when there are several. */
    readonly inputs: readonly InputProblem[] = [{ path, message }],
  ) {
    super(message);
    this.name = 'UnprocessableScenarioError';
  }
}
