// `event.dataset` of a Windows event, from its channel. Datasets name the daily index
// (`halong-events-<dataset>-…`) and are what generic routing matches, so the rule is fixed:
// `windows.` + the channel, lower-case, without the `Microsoft-Windows-` prefix, runs of other
// characters as `_` (Microsoft-Windows-Sysmon/Operational → windows.sysmon_operational).

/** The ECS `event.module` of every Windows event. */
export const WINDOWS_MODULE = 'windows';

// Elastic's Windows integration names the classic PowerShell log `windows.powershell`.
const SPECIAL: Readonly<Record<string, string>> = { 'windows powershell': 'powershell' };

/** The dataset of a channel (or, without one, of the provider). */
export function windowsDataset(channel: string | undefined, provider?: string): string {
  const source = (channel ?? provider ?? '').toLowerCase();
  const slug =
    SPECIAL[source] ??
    source
      .replace(/^microsoft-windows-/, '')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  return `${WINDOWS_MODULE}.${slug || 'unknown'}`;
}
