import { DEFAULT_DATASET } from './ecs-event';

/** Index names of the contract, all derived from one prefix (default `halong`). */
export interface IndexNames {
  /** Pattern covering every daily events index. */
  eventsPattern: string;
  alerts: string;
  deadLetter: string;
  decisions: string;
  audit: string;
  /** The daily events index for a dataset and an event time. */
  events(dataset: string | undefined, timestamp: Date): string;
}

const DAY_MS = 86_400_000;
// Datasets whose last index name is remembered (the indexer names an index for every event).
const EVENTS_MEMO_LIMIT = 256;

/** Index names for a prefix. */
export function indexNames(prefix: string): IndexNames {
  // Per dataset, the day and the name last made: events of one batch mostly share both.
  const memo = new Map<string | undefined, { day: number; name: string }>();
  return {
    eventsPattern: `${prefix}-events-*`,
    alerts: `${prefix}-alerts`,
    deadLetter: `${prefix}-deadletter`,
    decisions: `${prefix}-decisions`,
    audit: `${prefix}-audit`,
    events: (dataset, timestamp) => {
      const day = Math.floor(timestamp.getTime() / DAY_MS);
      const last = memo.get(dataset);
      if (last !== undefined && last.day === day) return last.name;
      const name = `${prefix}-events-${datasetSlug(dataset)}-${utcDay(timestamp)}`;
      if (memo.size >= EVENTS_MEMO_LIMIT) memo.clear();
      memo.set(dataset, { day, name });
      return name;
    },
  };
}

/**
 * Index names must be lowercase and free of `\ / * ? " < > | , # :` and spaces; a dataset
 * such as `Windows.Sysmon` becomes `windows.sysmon`.
 */
export function datasetSlug(dataset: string | undefined): string {
  const slug = (dataset ?? '').toLowerCase().replace(/[^a-z0-9._]+/g, '_').replace(/^[._]+/, '').slice(0, 64);
  return slug || DEFAULT_DATASET;
}

function utcDay(d: Date): string {
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${d.getUTCFullYear()}.${mm}.${dd}`;
}
