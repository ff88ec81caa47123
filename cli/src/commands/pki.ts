import type { HalongConfig } from '@halong/core/node';
import { initPki } from '@halong/policy-engine';
import type { Output } from '../output';

/** `halong pki init`: creates the Halong CA on this machine (or checks the existing one). */
export async function pkiCommand(config: HalongConfig, args: string[], io: Output): Promise<number> {
  if (args[0] !== 'init') {
    io.err('usage: halong pki init');
    return 2;
  }
  const pki = await initPki(config);
  io.out(`${pki.created ? 'Created' : 'Found'} the Halong CA in ${pki.dir} (trust domain ${config.pki.trustDomain})`);
  io.out(`root SHA-256 fingerprint: ${pki.rootSha256} (valid until ${pki.notAfter})`);
  if (pki.passphraseFile) io.out(`key passphrase: generated into ${pki.passphraseFile}; keep a copy apart from backups of ${pki.dir}`);
  io.out(pki.trustBundlePem.trimEnd());
  return 0;
}
