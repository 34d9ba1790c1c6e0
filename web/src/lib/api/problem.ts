// An RFC 9457 problem document the API answered, carried as an Error through TanStack Query.
export type ProblemDocument = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  rule?: string;
  errors?: Record<string, unknown>;
  conflicts?: Array<Record<string, unknown>>;
  [figure: string]: unknown;
};

export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: ProblemDocument;

  constructor(status: number, problem: ProblemDocument) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function isProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}
