import type { Client } from '@opensearch-project/opensearch';
import { indexNames } from '../../indices';

// Lucene refuses a term over 32766 UTF-8 bytes and a UTF-16 unit takes at most 3 of them: no
// keyword this long can make a document fail, and Sigma rules can still search long command lines
// and script blocks (1024 left them unsearchable).
const KEYWORD_MAX_CHARS = 10922;

const keywordStrings = {
  strings_as_keyword: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: KEYWORD_MAX_CHARS } },
};

// A JSON number with a fraction is a double everywhere else (collectors, the streaming matcher):
// the default `float` would round it, and rules comparing it would disagree with the stream.
const fractionsAsDouble = { fractions_as_double: { match_mapping_type: 'double', mapping: { type: 'double' } } };

/**
 * Index templates for Halong's indices. ECS fields Halong queries get explicit types; any
 * other string becomes a keyword (ECS's default), so a new source never needs a mapping change.
 */
export function indexTemplates(prefix: string, replicas: number): Record<string, Record<string, unknown>> {
  const names = indexNames(prefix);
  const settings = { number_of_shards: 1, number_of_replicas: replicas, 'mapping.total_fields.limit': 4000, refresh_interval: '1s' };
  return {
    [`${prefix}-events`]: {
      index_patterns: [names.eventsPattern],
      priority: 100,
      template: {
        settings,
        mappings: {
          // A string that looks like a date stays a keyword: a detected `date` would lose the text Sigma rules match on.
          date_detection: false,
          dynamic_templates: [fractionsAsDouble, keywordStrings],
          properties: {
            '@timestamp': { type: 'date' },
            // The keyword sub-field holds the whole message, for rules matching it exactly or with wildcards.
            message: { type: 'match_only_text', fields: { keyword: { type: 'keyword', ignore_above: KEYWORD_MAX_CHARS } } },
            tags: { type: 'keyword' },
            labels: { properties: { site: { type: 'keyword' } } },
            event: {
              properties: {
                id: { type: 'keyword' },
                kind: { type: 'keyword' },
                category: { type: 'keyword' },
                type: { type: 'keyword' },
                dataset: { type: 'keyword' },
                module: { type: 'keyword' },
                outcome: { type: 'keyword' },
                action: { type: 'keyword' },
                code: { type: 'keyword' },
                severity: { type: 'long' },
                ingested: { type: 'date' },
                created: { type: 'date' },
                // Kept for forensics and re-parsing, not searched: storing it unindexed costs far less.
                original: { type: 'keyword', index: false, doc_values: false },
              },
            },
            observer: { properties: { name: { type: 'keyword' }, type: { type: 'keyword' }, hostname: { type: 'keyword' }, id: { type: 'keyword' } } },
            host: { properties: { name: { type: 'keyword' }, hostname: { type: 'keyword' }, ip: { type: 'ip' } } },
            source: { properties: { ip: { type: 'ip' }, port: { type: 'long' }, address: { type: 'keyword' } } },
            destination: { properties: { ip: { type: 'ip' }, port: { type: 'long' }, address: { type: 'keyword' } } },
            user: { properties: { name: { type: 'keyword' }, id: { type: 'keyword' }, domain: { type: 'keyword' } } },
          },
        },
      },
    },
    [`${prefix}-alerts`]: {
      index_patterns: [`${names.alerts}*`],
      priority: 100,
      template: {
        settings,
        mappings: {
          dynamic_templates: [keywordStrings],
          properties: {
            id: { type: 'keyword' },
            '@timestamp': { type: 'date' },
            first_seen: { type: 'date' },
            last_seen: { type: 'date' },
            count: { type: 'long' },
            status: { type: 'keyword' },
            group_key: { type: 'keyword' },
            rule: {
              properties: {
                id: { type: 'keyword' },
                title: { type: 'text', fields: { keyword: { type: 'keyword' } } },
                level: { type: 'keyword' },
                attack: { properties: { tactics: { type: 'keyword' }, techniques: { type: 'keyword' } } },
              },
            },
            events: { type: 'object', properties: { index: { type: 'keyword' }, id: { type: 'keyword' }, fields: { type: 'object', enabled: false } } },
          },
        },
      },
    },
    [`${prefix}-decisions`]: {
      index_patterns: [`${names.decisions}*`],
      priority: 100,
      template: {
        settings,
        mappings: {
          dynamic_templates: [keywordStrings],
          properties: {
            id: { type: 'keyword' },
            '@timestamp': { type: 'date' },
            decision: { type: 'boolean' },
            policy_version: { type: 'keyword' },
            subject: { properties: { type: { type: 'keyword' }, id: { type: 'keyword' }, properties: { type: 'object', enabled: false } } },
            resource: { properties: { type: { type: 'keyword' }, id: { type: 'keyword' }, properties: { type: 'object', enabled: false } } },
            action: { properties: { name: { type: 'keyword' } } },
            // Kept whole for simulation replays, not searched field by field.
            context: { type: 'object', enabled: false },
            reasons: { type: 'object', enabled: false },
            obligations: { type: 'object', enabled: false },
          },
        },
      },
    },
    [`${prefix}-audit`]: {
      index_patterns: [`${names.audit}*`],
      priority: 100,
      template: {
        settings,
        mappings: {
          dynamic: false,
          properties: {
            seq: { type: 'long' },
            '@timestamp': { type: 'date' },
            actor: { type: 'keyword' },
            action: { type: 'keyword' },
            target: { properties: { type: { type: 'keyword' }, id: { type: 'keyword' } } },
            hash: { type: 'keyword' },
            prev_hash: { type: 'keyword' },
          },
        },
      },
    },
    [`${prefix}-deadletter`]: {
      index_patterns: [`${names.deadLetter}*`],
      priority: 100,
      template: {
        settings,
        mappings: {
          // A dead letter must always be accepted: nothing but the routing fields is indexed.
          dynamic: false,
          properties: {
            '@timestamp': { type: 'date' },
            reason: { type: 'text' },
            error_type: { type: 'keyword' },
            status: { type: 'integer' },
            target_index: { type: 'keyword' },
            source: { type: 'keyword' },
            original: { type: 'keyword', index: false, doc_values: false },
          },
        },
      },
    },
  };
}

/** Creates or updates Halong's index templates (idempotent). */
export async function putIndexTemplates(client: Client, prefix: string, replicas: number): Promise<string[]> {
  const templates = indexTemplates(prefix, replicas);
  for (const [name, body] of Object.entries(templates)) {
    await client.indices.putIndexTemplate({ name, body: body as never });
  }
  return Object.keys(templates);
}
