// Open5GS prints identifiers as LABEL[value] or LABEL:[value] (SUPI[imsi-…], DNN:[internet:5],
// IPv4[10.45.0.2], RAN_UE_NGAP_ID[1] …) and prefixes per-UE lines with the UE's identity in
// brackets ([imsi-…], [suci-…], [imsi-…:1] with the PDU session id, bare [IMSI] in the MME).
import { isIP } from 'node:net';

/** The identifiers found in a line's content, under their `open5gs.*` names. */
export interface Open5gsIdentifiers {
  /** SUPI as printed (`imsi-001010000000000`); personal data. */
  supi?: string;
  /** IMSI digits where a line prints the bare IMSI (MME); personal data. */
  imsi?: string;
  /** SUCI as printed (`suci-0-001-01-0000-0-0-0000000003`); personal data with the null scheme. */
  suci?: string;
  /** MSISDN digits; personal data. */
  msisdn?: string;
  dnn?: string;
  apn?: string;
  /** PDU session id. */
  psi?: number;
  ue?: { ipv4?: string; ipv6?: string };
  ngap?: { ran_ue_id?: number; amf_ue_id?: number };
  s1ap?: { enb_ue_id?: number; mme_ue_id?: number };
  tac?: number;
  cell_id?: string;
  s_nssai?: { sst?: number; sd?: string };
  f_seid?: { up?: string; cp?: string };
  pdn_type?: number;
}

const LABELLED = /([A-Za-z][\w-]{0,31}):?\[([^[\]]{0,256})\]/g;
const LEADING_UE = /^\[(imsi-\d{5,15}|suci-[0-9a-fA-F-]{1,512}|\d{6,15})(?::(\d{1,3}))?(?::\d{1,3})?\]/;
const SUPI_ANYWHERE = /\bimsi-\d{5,15}(?!\d)/i;
const DIGITS = /^\d{5,15}$/;
const INTEGER = /^-?\d{1,10}$/;
const DNN_WITH_PSI = /^([^:]{1,100}):(\d{1,3})$/;
const PAIR = /([A-Za-z]{2,3}):([^\s,]{1,64})/g;

function integer(value: string): number | undefined {
  return INTEGER.test(value) ? Number(value) : undefined;
}

function subscriber(value: string, ids: Open5gsIdentifiers): void {
  const v = value.trim();
  if (/^imsi-\d{5,15}$/i.test(v)) ids.supi ??= v.toLowerCase();
  else if (/^suci-/i.test(v)) ids.suci ??= v.toLowerCase();
  else if (DIGITS.test(v)) ids.imsi ??= v;
}

function pairs(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.matchAll(PAIR)) out[m[1]!.toUpperCase()] = m[2]!;
  return out;
}

function labelled(label: string, value: string, ids: Open5gsIdentifiers): void {
  if (value === '') return;
  switch (label.toUpperCase()) {
    case 'SUPI':
    case 'IMSI':
    case 'SUCI':
      subscriber(value, ids);
      break;
    case 'MSISDN':
      if (DIGITS.test(value)) ids.msisdn ??= value;
      break;
    case 'DNN': {
      const withPsi = DNN_WITH_PSI.exec(value);
      ids.dnn ??= withPsi ? withPsi[1]! : value;
      if (withPsi) ids.psi ??= Number(withPsi[2]);
      break;
    }
    case 'APN':
      ids.apn ??= value;
      break;
    case 'IPV4':
      if (isIP(value) === 4) (ids.ue ??= {}).ipv4 ??= value;
      break;
    case 'IPV6':
      if (isIP(value) === 6) (ids.ue ??= {}).ipv6 ??= value;
      break;
    case 'RAN_UE_NGAP_ID':
      setNumber((ids.ngap ??= {}), 'ran_ue_id', value);
      break;
    case 'AMF_UE_NGAP_ID':
      setNumber((ids.ngap ??= {}), 'amf_ue_id', value);
      break;
    case 'ENB_UE_S1AP_ID':
      setNumber((ids.s1ap ??= {}), 'enb_ue_id', value);
      break;
    case 'MME_UE_S1AP_ID':
      setNumber((ids.s1ap ??= {}), 'mme_ue_id', value);
      break;
    case 'TAC':
      ids.tac ??= integer(value);
      break;
    case 'CELLID':
      ids.cell_id ??= value;
      break;
    case 'PDN-TYPE':
      ids.pdn_type ??= integer(value);
      break;
    case 'S_NSSAI': {
      const p = pairs(value);
      const sst = p.SST !== undefined ? integer(p.SST) : undefined;
      ids.s_nssai ??= { ...(sst !== undefined ? { sst } : {}), ...(p.SD !== undefined ? { sd: p.SD } : {}) };
      break;
    }
    case 'F-SEID': {
      const p = pairs(value);
      ids.f_seid ??= { ...(p.UP !== undefined ? { up: p.UP } : {}), ...(p.CP !== undefined ? { cp: p.CP } : {}) };
      break;
    }
    default:
      break;
  }
}

function setNumber<K extends string>(target: Partial<Record<K, number>>, key: K, value: string): void {
  const n = integer(value);
  if (n !== undefined && target[key] === undefined) target[key] = n;
}

/** Every identifier in a line's content (the first line, without the source location). */
export function extractIdentifiers(content: string): Open5gsIdentifiers {
  const ids: Open5gsIdentifiers = {};
  const lead = LEADING_UE.exec(content);
  if (lead) {
    subscriber(lead[1]!, ids);
    if (lead[2] !== undefined) ids.psi = Number(lead[2]);
  }
  for (const m of content.matchAll(LABELLED)) labelled(m[1]!, m[2]!, ids);
  if (ids.supi === undefined) {
    const anywhere = SUPI_ANYWHERE.exec(content);
    if (anywhere) ids.supi = anywhere[0].toLowerCase();
  }
  // Labels with unreadable values leave undefined members and empty groups behind.
  const out = ids as Record<string, unknown>;
  for (const key of Object.keys(out)) {
    const v = out[key];
    if (v === undefined || (typeof v === 'object' && v !== null && Object.keys(v).length === 0)) delete out[key];
  }
  return ids;
}

/**
 * The SUPI a null-scheme SUCI carries in clear (`suci-0-<mcc>-<mnc>-<routing>-0-<key>-<msin>` →
 * `imsi-<mcc><mnc><msin>`), or undefined for a concealed SUCI or another layout.
 */
export function supiOfNullSchemeSuci(suci: string): string | undefined {
  const parts = suci.split('-');
  if (parts.length !== 8 || parts[0] !== 'suci' || parts[1] !== '0' || parts[5] !== '0') return undefined;
  const digits = `${parts[2]}${parts[3]}${parts[7]}`;
  return /^\d{6,15}$/.test(digits) && /^\d{3}$/.test(parts[2]!) && /^\d{2,3}$/.test(parts[3]!) ? `imsi-${digits}` : undefined;
}
