/** PEM-encodes DER bytes under `label` with 64-character lines and `\n` line ends. */
export function derToPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Each `-----BEGIN <label>-----` block of a PEM text, in order. */
export function splitPem(text: string, label: string): string[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----[A-Za-z0-9+/=\\s]*?-----END ${label}-----`, 'g');
  return (text.match(pattern) ?? []).map((block) => `${block}\n`);
}
