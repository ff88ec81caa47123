// What a line reports, from the fixed texts Open5GS logs them with (src/amf/gmm-sm.c,
// gmm-handler.c, nas-path.c, ngap-handler.c, src/mme/emm-sm.c, src/smf/context.c,
// npcf-handler.c, src/upf/context.c …). Rules are tried in order; the first that matches wins.
import type { Open5gsLevel } from './line';

/** The actions a line can be recognised as. */
export type Open5gsAction =
  | 'registration'
  | 'deregistration'
  | 'authentication_failure'
  | 'integrity_failure'
  | 'pdu_session_establishment'
  | 'pdu_session_release'
  | 'initial_ue_message'
  | 'ue_context_release'
  | 'context_added'
  | 'context_removed';

/** The event.* fields of a recognised line, and what the text alone tells beyond identifiers. */
export interface Open5gsClassification {
  action: Open5gsAction;
  category: string[];
  type: string[];
  outcome: 'success' | 'failure' | 'unknown';
  /** 5GMM/EMM cause of a reject (`Registration reject [7]`). */
  cause?: number;
  /** Why authentication failed, snake_case (`mac_failure`, `synch_failure` …). */
  authFailure?: string;
  /** The counter of `[Added] Number of AMF-UEs is now 2`: name snake_cased. */
  counter?: { name: string; value: number };
  /** HTTP status of `HTTP response error [500]`. */
  httpStatus?: number;
}

interface Rule {
  test: RegExp;
  make: (m: RegExpExecArray) => Omit<Open5gsClassification, 'outcome'> & { outcome?: Open5gsClassification['outcome'] };
}

const NETWORK = ['network'];
const SESSION = ['network', 'session'];
const AUTH = ['authentication'];

function causeText(text: string): string {
  const words = text
    .replace(/\[[^\]]*\]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return words === '' ? 'unspecified' : words;
}

function bracketNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

const RULES: readonly Rule[] = [
  // Authentication first: a reject or failure line may also name the registration.
  {
    test: /\bAuthentication failure ?\(([^)]{1,80})\)/,
    make: (m) => ({ action: 'authentication_failure', category: AUTH, type: ['info'], outcome: 'failure', authFailure: causeText(m[1]!) }),
  },
  {
    test: /\bToo many authentication synch failures\b/,
    make: () => ({ action: 'authentication_failure', category: AUTH, type: ['info'], outcome: 'failure', authFailure: 'synch_failure' }),
  },
  {
    test: /\bUnknown GMM_CAUSE\{?\[?(\d{1,3})\]? in Authentication failure\b/,
    make: (m) => ({ action: 'authentication_failure', category: AUTH, type: ['info'], outcome: 'failure', authFailure: 'unknown_cause', cause: Number(m[1]) }),
  },
  {
    test: /\bAuthentication failure(?: \[(\d{1,3})\])?/,
    make: (m) => {
      const cause = bracketNumber(m[1]);
      return { action: 'authentication_failure', category: AUTH, type: ['info'], outcome: 'failure', authFailure: 'unspecified', ...(cause !== undefined ? { cause } : {}) };
    },
  },
  {
    test: /(?:^|\] *)(MAC|Synch|SYNCH) failure\b/,
    make: (m) => ({ action: 'authentication_failure', category: AUTH, type: ['info'], outcome: 'failure', authFailure: `${m[1]!.toLowerCase()}_failure` }),
  },
  {
    test: /\bAuthentication reject\b/i,
    make: () => ({ action: 'authentication_failure', category: AUTH, type: ['end'], outcome: 'failure', authFailure: 'rejected' }),
  },
  {
    test: /\bNAS MAC verification failed\b/,
    make: () => ({ action: 'integrity_failure', category: NETWORK, type: ['error'], outcome: 'failure' }),
  },
  { test: /\b(?:Registration|Attach) request\b/, make: () => ({ action: 'registration', category: NETWORK, type: ['start'] }) },
  { test: /\b(?:Registration|Attach) complete\b/, make: () => ({ action: 'registration', category: NETWORK, type: ['allowed'], outcome: 'success' }) },
  {
    test: /\b(?:Registration|Attach) reject(?: \[(\d{1,3})\])?/,
    make: (m) => {
      const cause = bracketNumber(m[1]);
      return { action: 'registration', category: NETWORK, type: ['denied'], outcome: 'failure', ...(cause !== undefined ? { cause } : {}) };
    },
  },
  { test: /\bDe-?registration accept\b/i, make: () => ({ action: 'deregistration', category: NETWORK, type: ['end'], outcome: 'success' }) },
  {
    test: /\b(?:De-?registration (?:request|notify)|Network-initiated De-register|Detach request|Implicit (?:De-?registration|Detach))\b/i,
    make: () => ({ action: 'deregistration', category: NETWORK, type: ['end'] }),
  },
  { test: /\bRemoved Session: UE\b/, make: () => ({ action: 'pdu_session_release', category: SESSION, type: ['end'], outcome: 'success' }) },
  { test: /\b(?:Release SM [Cc]ontext|PDU [Ss]ession [Rr]elease)\b/, make: () => ({ action: 'pdu_session_release', category: SESSION, type: ['end'] }) },
  // The SMF logs the UE's address once the PCF has accepted the session (npcf-handler.c);
  // the UPF and SGW-U once PFCP has installed it; the AMF when the UE asks for one.
  {
    test: /^UE (?:SUPI|IMSI)\[[^\]]{0,64}\] (?:DNN|APN)\[[^\]]{0,100}\] IPv4\[/,
    make: () => ({ action: 'pdu_session_establishment', category: SESSION, type: ['start'], outcome: 'success' }),
  },
  { test: /^UE F-SEID\[[^\]]{0,64}\] APN\[/, make: () => ({ action: 'pdu_session_establishment', category: SESSION, type: ['start'], outcome: 'success' }) },
  { test: /^UE SUPI\[[^\]]{0,64}\] DNN\[[^\]]{0,100}\] S_NSSAI\[/, make: () => ({ action: 'pdu_session_establishment', category: SESSION, type: ['start'] }) },
  { test: /^InitialUEMessage\b/, make: () => ({ action: 'initial_ue_message', category: NETWORK, type: ['connection', 'start'] }) },
  { test: /^UE Context Release\b/, make: () => ({ action: 'ue_context_release', category: NETWORK, type: ['end'] }) },
  {
    test: /^\[(Added|Removed)\] Number of ([A-Za-z0-9-]{1,32}) is now (\d{1,10})\b/,
    make: (m) => ({
      action: m[1] === 'Added' ? 'context_added' : 'context_removed',
      category: /session/i.test(m[2]!) ? SESSION : NETWORK,
      type: ['info'],
      outcome: 'success',
      counter: { name: m[2]!.toLowerCase().replace(/-/g, '_'), value: Number(m[3]) },
    }),
  },
];

const HTTP_ERROR = /\bHTTP response error \[(\d{3})\]/;

/** The classification of a line's content, or undefined when no rule knows it. */
export function classify(content: string, level: Open5gsLevel): Open5gsClassification | undefined {
  for (const rule of RULES) {
    const m = rule.test.exec(content);
    if (!m) continue;
    const made = rule.make(m);
    // The same text logged as an error (`Registration complete in INVALID-STATE`) did not succeed.
    const failed = level === 'ERROR' || level === 'FATAL';
    return { ...made, outcome: failed ? 'failure' : (made.outcome ?? 'unknown') };
  }
  return undefined;
}

/** The HTTP status of an SBI error line (`HTTP response error [500]`), or undefined. */
export function httpErrorStatus(content: string): number | undefined {
  const m = HTTP_ERROR.exec(content);
  return m ? Number(m[1]) : undefined;
}
