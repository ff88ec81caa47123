// Policy versions live on the compacted control topic (one record per version, key
// `policy_version:<n>`), so every process follows the newest and a restarted or second instance
// rebuilds the history from Kafka. Each process compiles its own PDP from the newest version.
import type { ControlRecord } from '@halong/core';
import type { EntityStateProvider } from '../pdp/decision-types';
import type { Pdp } from '../pdp/pdp';
import { createPdp } from '../pdp/pdp';
import type { PolicySource } from '../pdp/policy-types';
import type { PolicyStore, PolicyVersion, PolicyVersionSummary } from '../pdp/policy-store';
import { createPolicyStore } from '../pdp/policy-store';
import type { ControlView } from './control-state';

export interface PolicyAdministratorOptions {
  control: ControlView;
  clock: () => Date;
  provider: EntityStateProvider;
  /** Published as version 1 when the topic holds no version. */
  initialSources: readonly PolicySource[];
  onChange?: (version: PolicyVersion) => void;
}

/** Publishes policy versions and keeps this process's PDP on the newest one. */
export interface PolicyAdministrator {
  pdp(): Pdp;
  current(): PolicyVersion;
  history(): PolicyVersionSummary[];
  get(version: number): PolicyVersion;
  /** Validates, publishes and applies a new version; throws PolicySetInvalidError with line-numbered problems. */
  publish(input: { sources: readonly PolicySource[]; author: string; message?: string }): Promise<PolicyVersion>;
  rollback(to: number, author: string, message?: string): Promise<PolicyVersion>;
}

const versionsOf = (control: ControlView): PolicyVersion[] =>
  control
    .list<PolicyVersion>('policy_version')
    .map((r) => r.data)
    .filter((v) => v && Number.isSafeInteger(v.version))
    .sort((a, b) => a.version - b.version);

/** Loads the history from the control topic (publishing the initial set if empty) and compiles the PDP. */
export async function createPolicyAdministrator(options: PolicyAdministratorOptions): Promise<PolicyAdministrator> {
  const { control } = options;
  const ms = () => options.clock().getTime();
  let store: PolicyStore = createPolicyStore({ clock: ms, history: versionsOf(control) });
  let pdp: Pdp | undefined;

  const compile = (v: PolicyVersion): void => {
    pdp = createPdp(v.policies, { version: v.id, clock: ms, provider: options.provider });
    options.onChange?.(v);
  };
  const record = (v: PolicyVersion): ControlRecord<PolicyVersion> => ({ kind: 'policy_version', id: String(v.version), data: v, at: v.timestamp, by: v.author });
  const commit = async (v: PolicyVersion): Promise<PolicyVersion> => {
    try {
      await control.set(record(v));
    } catch (err) {
      // Not on the topic means not published: forget the local copy.
      store = createPolicyStore({ clock: ms, history: versionsOf(control) });
      throw err;
    }
    compile(v);
    return v;
  };

  control.onChange((kind, _id, rec) => {
    if (kind !== 'policy_version' || !rec) return;
    const v = rec.data as PolicyVersion;
    if (v.version <= (store.current()?.version ?? 0)) return;
    store = createPolicyStore({ clock: ms, history: versionsOf(control) });
    compile(store.current()!);
  });

  const existing = store.current();
  if (existing) compile(existing);
  else await commit(store.publish({ sources: options.initialSources, author: 'halong', message: 'initial policy set' }));

  return {
    pdp: () => pdp!,
    current: () => store.current()!,
    history: () => store.history(),
    get: (version) => store.get(version),
    publish: async (input) => commit(store.publish(input)),
    rollback: async (to, author, message) => commit(store.rollback(to, author, message)),
  };
}
