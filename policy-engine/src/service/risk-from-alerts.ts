// Detections as a policy information point: an alert raises the risk of every entity it names,
// and an entity whose risk crosses the threshold is quarantined on the control topic, so every
// enforcement point denies it on its next request (not only this process).
import type { Alert } from '@halong/core';
import type { Entity } from '../pdp/decision-types';
import { entityKey } from '../pdp/entities';
import type { RiskScores } from '../pdp/risk-scores';
import type { ControlView, QuarantineData, RiskClearedData } from './control-state';

/** How much one alert adds to an entity's risk, by rule level. */
export const RISK_BY_LEVEL: Readonly<Record<Alert['rule']['level'], number>> = {
  informational: 5,
  low: 15,
  medium: 35,
  high: 60,
  critical: 90,
};

// An alert naming more entities than this is a bulk correlation; the rest are ignored, not trusted.
const MAX_ENTITIES_PER_KIND = 50;

const KINDS: readonly [keyof Alert['entities'], Entity['kind']][] = [
  ['host', 'host'],
  ['user', 'user'],
  ['ip', 'ip'],
  ['spiffe_id', 'spiffe'],
];

/** The entities an alert names; anything malformed is skipped (alerts come over Kafka). */
export function alertEntities(alert: unknown): Entity[] {
  const entities = (alert as Partial<Alert> | null)?.entities;
  if (!entities || typeof entities !== 'object') return [];
  const out: Entity[] = [];
  for (const [field, kind] of KINDS) {
    const ids = entities[field];
    if (!Array.isArray(ids)) continue;
    for (const id of ids.slice(0, MAX_ENTITIES_PER_KIND)) if (typeof id === 'string' && id !== '' && id.length <= 512) out.push({ kind, id });
  }
  return out;
}

/** What one alert did to one entity. */
export interface RiskOutcome {
  entity: Entity;
  score: number;
  quarantined: boolean;
}

export interface RiskResponderOptions {
  risks: RiskScores;
  control: ControlView;
  clock: () => Date;
  /** Score at which an entity is quarantined. */
  quarantineScore: number;
  quarantineTtlMs: number;
}

/** What the responder needs to know about an alert besides the alert itself. */
export interface AlertReading {
  /** When the alert reached Kafka (epoch ms): alerts from before an entity's lift raise nothing. */
  at?: number;
  /**
   * Read again after a restart (this engine had handled it before): it raises risk as of `at`
   * and quarantines nothing, since the quarantines it caused are on the control topic already.
   */
  replay?: boolean;
}

/** Applies alerts to risk scores and quarantines entities past the threshold. */
export interface RiskResponder {
  handle(alert: unknown, reading?: AlertReading): Promise<RiskOutcome[]>;
  /** Forgets an entity's risk, e.g. when an admin lifts its quarantine. */
  clear(entity: Entity): void;
}

function levelOf(alert: unknown): Alert['rule']['level'] | undefined {
  const level = (alert as Partial<Alert> | null)?.rule?.level;
  return typeof level === 'string' && level in RISK_BY_LEVEL ? level : undefined;
}

/** Creates the responder the alerts consumer calls for each alert. */
export function createRiskResponder(options: RiskResponderOptions): RiskResponder {
  const { risks, control } = options;
  return {
    async handle(alert, reading = {}) {
      const level = levelOf(alert);
      if (!level) return [];
      const a = alert as Alert;
      const why = `alert "${String(a.rule.title).slice(0, 200)}" (${String(a.rule.id).slice(0, 100)}, ${level}, ${String(a.id).slice(0, 100)})`;
      const now = options.clock();
      const at = reading.at ?? now.getTime();
      const out: RiskOutcome[] = [];
      for (const entity of alertEntities(alert)) {
        // An admin who lifted a quarantine forgave what came before; a replay must not undo that.
        const cleared = control.get<RiskClearedData>('risk_cleared', entityKey(entity), now);
        if (cleared && at <= Date.parse(cleared.at)) continue;
        const score = risks.raise(entity, RISK_BY_LEVEL[level], why, reading.replay ? at : undefined);
        let quarantined = false;
        if (!reading.replay && score >= options.quarantineScore) {
          const id = entityKey(entity);
          if (!control.get('quarantine', id, now)) {
            const data: QuarantineData = { entity, reason: `risk ${Math.round(score)} reached ${options.quarantineScore} after ${why}` };
            await control.set({ kind: 'quarantine', id, data, at: now.toISOString(), by: 'halong-risk', until: new Date(now.getTime() + options.quarantineTtlMs).toISOString() });
          }
          quarantined = true;
        }
        out.push({ entity, score, quarantined });
      }
      return out;
    },
    clear: (entity) => risks.clear(entity),
  };
}

/** The entity a quarantine control id names (`<kind>:<id>`), or undefined. */
export function entityOfControlId(id: string): Entity | undefined {
  const at = id.indexOf(':');
  if (at <= 0) return undefined;
  const kind = id.slice(0, at) as Entity['kind'];
  const known: readonly Entity['kind'][] = ['user', 'spiffe', 'host', 'ip', 'collector', 'device', 'service'];
  return known.includes(kind) ? { kind, id: id.slice(at + 1) } : undefined;
}
