/**
 * A Halong event: Elastic Common Schema JSON. Only the fields Halong itself relies on are typed;
 * everything else a parser maps stays open (ECS has hundreds of fields).
 */
export interface EcsEvent {
  '@timestamp': string;
  event: EcsEventFields;
  message?: string;
  observer?: { name?: string; type?: string; hostname?: string; id?: string; vendor?: string; product?: string };
  labels?: { site?: string } & Record<string, string | undefined>;
  host?: { name?: string; hostname?: string; ip?: string[] | string; os?: Record<string, unknown> };
  source?: { ip?: string; port?: number; address?: string };
  destination?: { ip?: string; port?: number; address?: string };
  user?: { name?: string; id?: string; domain?: string };
  tags?: string[];
  [field: string]: unknown;
}

/** The `event.*` fieldset. `id` is set once, at the first Halong hop, and never changes. */
export interface EcsEventFields {
  id: string;
  kind?: 'event' | 'alert' | 'metric' | 'state' | 'pipeline_error' | 'signal';
  category?: string[];
  type?: string[];
  dataset?: string;
  module?: string;
  original?: string;
  ingested?: string;
  created?: string;
  outcome?: 'success' | 'failure' | 'unknown';
  action?: string;
  code?: string;
  severity?: number;
  [field: string]: unknown;
}

/** The dataset used when an event names none (index names need one). */
export const DEFAULT_DATASET = 'generic';
