// Enable/disable per rule, carried on the compacted control topic so every detection worker of
// every process applies it. Only disabled rules have a record: enabling publishes a tombstone,
// so compaction keeps the topic as small as the set of disabled rules.

/** The control-topic kind of a rule state record (id = the rule's key). */
export const RULE_STATE_KIND = 'sigma_rule';

/** What a rule state record carries. */
export interface RuleStateData {
  enabled: boolean;
}

/** A control record as this module reads it. */
export interface RuleStateRecord<T = unknown> {
  kind: string;
  id: string;
  data: T;
  at: string;
  by: string;
}

/**
 * The part of core's `ControlChannel` the rule state uses (a fake in unit tests). Kinds are plain
 * strings here: the channel carries any kind, and `sigma_rule` is not in core's `ControlKind` list.
 */
export interface RuleStateChannel {
  list<T = unknown>(kind: string, now?: Date): RuleStateRecord<T>[];
  set<T>(record: RuleStateRecord<T>): Promise<void>;
  remove(kind: string, id: string): Promise<void>;
  onChange(listener: (kind: string, id: string, record: RuleStateRecord | undefined) => void): void;
}

/** A rule's state as the API shows it. */
export interface RuleStateInfo {
  enabled: boolean;
  changedAt?: string;
  changedBy?: string;
}

type Listener = (key: string, enabled: boolean) => void;

/** The live enabled/disabled state of every rule, as the control topic says. */
export class RuleStates {
  private readonly disabled = new Map<string, { at: string; by: string }>();
  private readonly listeners: Listener[] = [];

  constructor(
    private readonly channel: RuleStateChannel,
    private readonly clock: () => Date = () => new Date(),
  ) {
    for (const r of channel.list(RULE_STATE_KIND)) this.apply(r.id, r);
    channel.onChange((kind, id, record) => {
      if (kind === RULE_STATE_KIND) this.apply(id, record);
    });
  }

  isEnabled(key: string): boolean {
    return !this.disabled.has(key);
  }

  info(key: string): RuleStateInfo {
    const d = this.disabled.get(key);
    return d ? { enabled: false, changedAt: d.at, changedBy: d.by } : { enabled: true };
  }

  /** Keys of every disabled rule. */
  disabledKeys(): Set<string> {
    return new Set(this.disabled.keys());
  }

  /** Publishes the change to every process; applies it here at once (the echo changes nothing). */
  async setEnabled(key: string, enabled: boolean, actor: string): Promise<RuleStateInfo> {
    if (enabled) {
      await this.channel.remove(RULE_STATE_KIND, key);
      this.apply(key, undefined);
    } else {
      const record: RuleStateRecord<RuleStateData> = { kind: RULE_STATE_KIND, id: key, data: { enabled: false }, at: this.clock().toISOString(), by: actor };
      await this.channel.set(record);
      this.apply(key, record);
    }
    return this.info(key);
  }

  /** Called with every change of a rule's state, from this process or another. */
  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  private apply(key: string, record: RuleStateRecord | undefined): void {
    const wasEnabled = this.isEnabled(key);
    // Anything but an explicit `enabled: false` means enabled: a malformed record must not silence a rule.
    const data = record?.data as Partial<RuleStateData> | undefined;
    if (record && data?.enabled === false) this.disabled.set(key, { at: record.at, by: record.by });
    else this.disabled.delete(key);
    if (wasEnabled === this.isEnabled(key)) return;
    for (const l of this.listeners) l(key, !wasEnabled);
  }
}
