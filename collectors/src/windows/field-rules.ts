// Declarative EventData → ECS moves. A field whose ECS form is its text, unchanged, moves out
// of `winlog.event_data` (no duplicate storage); a field whose ECS form loses something (a
// split user, a parsed number, a hex pid) is copied, so rules comparing the raw text still can.
// The detection pipelines (detection/pipelines/windows.yml) mirror exactly these rules.
import type { EcsDoc } from './ecs-builder';
import { ecsIp, port, setPath, single } from './ecs-builder';
import type { EventDataValue } from './raw-event';
import { int } from './raw-event';

/** How a value is converted on its way to ECS. */
export type Conversion = 'text' | 'int' | 'port' | 'ip' | 'bool';

/** Where one EventData field goes. */
export interface FieldRule {
  to: string;
  as?: Conversion;
  /** Copy instead of move: the raw text stays under `winlog.event_data`. */
  keep?: boolean;
}

// Windows writes `-` where a copied field has no value; ECS gets nothing rather than a `-`.
const NO_VALUE = '-';

/** EventData field name → rule. */
export type FieldRules = Readonly<Record<string, FieldRule>>;

/**
 * Applies `rules` to `data` (mutated: moved fields are removed). A value that does not convert
 * (a `-` where a port should be) stays in `data`, so nothing is lost. Empty text moves to
 * nowhere: ECS never holds empty strings, and Sigma's `null` matches absent and empty alike.
 */
export function applyFieldRules(doc: EcsDoc, data: Record<string, EventDataValue>, rules: FieldRules): void {
  for (const [name, rule] of Object.entries(rules)) {
    if (!(name in data)) continue;
    const raw = single(data[name]);
    if (raw === undefined || raw === '') {
      if (!rule.keep) delete data[name];
      continue;
    }
    if (rule.keep && raw === NO_VALUE) continue;
    const value = convert(raw, rule.as ?? 'text');
    if (value === undefined) continue;
    setPath(doc, rule.to, value);
    if (!rule.keep) delete data[name];
  }
}

function convert(raw: string, as: Conversion): unknown {
  switch (as) {
    case 'text':
      return raw;
    case 'int':
      return int(raw);
    case 'port':
      return port(raw);
    case 'ip':
      return ecsIp(raw);
    case 'bool':
      return /^true$/i.test(raw) ? true : /^false$/i.test(raw) ? false : undefined;
  }
}

/** Shorthand for a move of the text as is. */
export function move(to: string): FieldRule {
  return { to };
}

/** Shorthand for a copy (the raw text stays in event_data). */
export function copy(to: string, as: Conversion = 'text'): FieldRule {
  return { to, as, keep: true };
}
