// The compiled correlations of a collection, looked up by the rule a hit comes from. Stateless:
// the event-side runtime uses it to address hits, the correlation-side runtime to evaluate them.
import type { RuleHit } from '../engine/types';
import { encodeGroupKey, groupValues } from './fields';
import type { CompiledCorrelation, CorrelationKey, CorrelationMatch, DetectionRecord } from './types';

/** Compiled correlations and the lookups the runtime needs around them. */
export class CorrelationIndex {
  private readonly byId: ReadonlyMap<string, CompiledCorrelation>;
  private readonly byRef = new Map<string, CompiledCorrelation[]>();

  /** Use {@link compileCorrelations} to build one. */
  constructor(
    correlations: readonly CompiledCorrelation[],
    private readonly lookup: ReadonlyMap<string, string>,
  ) {
    this.byId = new Map(correlations.map((c) => [c.id, c]));
    for (const c of correlations) {
      for (const ref of new Set(c.refs)) this.byRef.set(ref, [...(this.byRef.get(ref) ?? []), c]);
    }
  }

  /** Every compiled correlation. */
  all(): CompiledCorrelation[] {
    return [...this.byId.values()];
  }

  get(correlationId: string): CompiledCorrelation | undefined {
    return this.byId.get(correlationId);
  }

  /** The canonical key of a rule id or name (unknown references are returned unchanged). */
  resolve(ruleRef: string): string {
    return this.lookup.get(ruleRef) ?? ruleRef;
  }

  /**
   * Which correlations a hit feeds and under which group key. Stable: the same hit always gives
   * the same keys, in any process. A hit lacking a group-by field feeds no group of that correlation.
   */
  correlationKeys(hit: RuleHit, ruleRef: string = hit.ruleId): CorrelationKey[] {
    const ref = this.resolve(ruleRef);
    return (this.byRef.get(ref) ?? []).flatMap((c) => {
      const values = groupValues(c, ref, hit.fields);
      return values ? [{ correlationId: c.id, groupKey: encodeGroupKey(c.groupBy, c.groupBy.map((g) => values[g])) }] : [];
    });
  }

  /** The detections-topic records for one hit (publish each with key `groupKey`). */
  records(hit: RuleHit, origin?: RuleHit[]): DetectionRecord[] {
    return this.correlationKeys(hit).map((k) => ({ ...k, hit, ...(origin ? { origin } : {}) }));
  }

  /** The records that carry a match on to the correlations referencing its correlation. */
  chainedRecords(match: CorrelationMatch): DetectionRecord[] {
    return this.records(matchHit(match), match.hits);
  }

  /**
   * Whether a rule (or correlation) raises its own alerts. Like pySigma and rsigma: not when
   * any correlation referencing it says `generate: false` (the default).
   */
  standalone(ruleRef: string): boolean {
    return (this.byRef.get(this.resolve(ruleRef)) ?? []).every((c) => c.generate);
  }

  /** ECS paths a rule's hits must carry for its correlations (group-by, aliases, condition field). */
  requiredFields(ruleRef: string): string[] {
    const ref = this.resolve(ruleRef);
    const paths = (this.byRef.get(ref) ?? []).flatMap((c) => {
      const p = c.paths.get(ref);
      return p ? [...p.group.flat(), ...p.value] : [];
    });
    return [...new Set(paths)];
  }
}

/** A match as a hit of its correlation, for the correlations chained on it. */
export function matchHit(match: CorrelationMatch): RuleHit {
  return { ruleId: match.correlationId, eventId: match.id, timestamp: match.windowEnd, fields: { ...match.groupValues } };
}
