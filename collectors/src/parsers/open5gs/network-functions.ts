// Open5GS runs one daemon per network function (open5gs-amfd, open5gs-smfd …). Each logs under
// its own name, under procedure domains of its own (gmm in the AMF, emm/esm in the MME) and
// under library domains every daemon shares (sbi, pfcp, gtp, app …). A line of a shared domain
// names no NF: the source file it was logged from, or the log file it was read from, does.

/** The network functions of Open5GS (5GC and EPC), as they name their logs and daemons. */
export const OPEN5GS_NETWORK_FUNCTIONS = [
  'amf',
  'smf',
  'upf',
  'ausf',
  'udm',
  'udr',
  'pcf',
  'nrf',
  'nssf',
  'bsf',
  'scp',
  'sepp',
  'mme',
  'sgwc',
  'sgwu',
  'hss',
  'pcrf',
] as const;

/** One of {@link OPEN5GS_NETWORK_FUNCTIONS}. */
export type Open5gsNetworkFunction = (typeof OPEN5GS_NETWORK_FUNCTIONS)[number];

const NF_SET: ReadonlySet<string> = new Set(OPEN5GS_NETWORK_FUNCTIONS);

// Domains that only one daemon installs.
const DOMAIN_OWNER: ReadonlyMap<string, Open5gsNetworkFunction> = new Map([
  ['gmm', 'amf'],
  ['ngap', 'amf'],
  ['emm', 'mme'],
  ['esm', 'mme'],
  ['s1ap', 'mme'],
  ['sgsap', 'mme'],
  ['gsm', 'smf'],
]);

const PROGRAM = /^open5gs-([a-z]+)d$/;
const SOURCE_DIR = /(?:^|\/)src\/([a-z]+)\//;
const LOG_FILE = /(?:^|[/\\])([a-z]+)\d*\.log$/;

/** What a line tells about the daemon that wrote it. */
export interface NetworkFunctionClues {
  /** Syslog/journald program name (`open5gs-amfd`). */
  program?: string;
  /** The log domain in brackets (`amf`, `gmm`, `sbi` …). */
  domain?: string;
  /** The source file of the log call (`../src/amf/gmm-sm.c`). */
  originFile?: string;
  /** The file or topic the line was read from (`/var/log/open5gs/amf.log`). */
  topic?: string;
}

function asNf(name: string | undefined): Open5gsNetworkFunction | undefined {
  return name !== undefined && NF_SET.has(name) ? (name as Open5gsNetworkFunction) : undefined;
}

/** The network function that wrote a line, from the most specific clue it offers, or undefined. */
export function networkFunctionOf(clues: NetworkFunctionClues): Open5gsNetworkFunction | undefined {
  const domain = clues.domain?.toLowerCase();
  return (
    asNf(clues.program !== undefined ? PROGRAM.exec(clues.program)?.[1] : undefined) ??
    asNf(domain) ??
    (domain !== undefined ? DOMAIN_OWNER.get(domain) : undefined) ??
    asNf(clues.originFile !== undefined ? SOURCE_DIR.exec(clues.originFile)?.[1] : undefined) ??
    asNf(clues.topic !== undefined ? LOG_FILE.exec(clues.topic.toLowerCase())?.[1] : undefined)
  );
}
