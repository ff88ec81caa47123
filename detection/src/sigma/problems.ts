// Problem collection for one document. Problems are gathered rather than thrown so a document can
// report everything that is wrong with it at once, and so one broken document never stops another.
import type { SigmaErrorCode, SigmaProblem, SourceRef } from './types';
import type { Loc } from './yaml-tree';

/** Thrown inside a builder to abandon the current piece (search, value …) after reporting it. */
export class SigmaBuildError extends Error {
  constructor(
    readonly code: SigmaErrorCode,
    message: string,
    readonly loc?: Loc,
  ) {
    super(message);
    this.name = 'SigmaBuildError';
  }
}

export class ProblemSink {
  readonly problems: SigmaProblem[] = [];
  ruleId?: string;

  constructor(readonly file: string) {}

  source(loc?: Loc): SourceRef {
    return loc ? { file: this.file, line: loc.line, column: loc.column } : { file: this.file };
  }

  error(code: SigmaErrorCode, message: string, loc?: Loc): void {
    this.add(code, message, loc, 'error');
  }

  warn(code: SigmaErrorCode, message: string, loc?: Loc): void {
    this.add(code, message, loc, 'warning');
  }

  /** Records a SigmaBuildError; anything else is a bug and is rethrown. */
  catch(err: unknown, fallback?: Loc): void {
    if (!(err instanceof SigmaBuildError)) throw err;
    this.error(err.code, err.message, err.loc ?? fallback);
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  /** Stamps the rule id (learnt after some problems were already recorded) on every problem. */
  finish(): SigmaProblem[] {
    if (this.ruleId !== undefined) for (const p of this.problems) p.ruleId ??= this.ruleId;
    return this.problems;
  }

  private add(code: SigmaErrorCode, message: string, loc: Loc | undefined, severity: 'error' | 'warning'): void {
    const p: SigmaProblem = { code, message, source: this.source(loc), severity };
    if (this.ruleId !== undefined) p.ruleId = this.ruleId;
    this.problems.push(p);
  }
}

/** One line per problem, `file:line:column: severity CODE [rule id] message`, for logs and the CLI. */
export function formatProblem(p: SigmaProblem): string {
  const where = [p.source.file, p.source.line, p.source.column].filter((x) => x !== undefined).join(':');
  const rule = p.ruleId ? ` [${p.ruleId}]` : '';
  return `${where}: ${p.severity} ${p.code}${rule} ${p.message}`;
}
