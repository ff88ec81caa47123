import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds infra's non-code assets (Maven poms, the Java launcher). Code may run from source
 * (jest), from the bundled `halong` command or from an image, so look upwards from here.
 */
export function infraAssetsDir(start: string = __dirname): string {
  const fromEnv = process.env.HALONG_INFRA_DIR;
  if (fromEnv) return fromEnv;
  for (let dir = start; ; dir = dirname(dir)) {
    for (const candidate of [dir, join(dir, 'infra')]) {
      if (existsSync(join(candidate, 'maven', 'kafka', 'pom.xml'))) return candidate;
    }
    if (dirname(dir) === dir) throw new Error(`cannot find infra/maven above ${start}; set HALONG_INFRA_DIR`);
  }
}
