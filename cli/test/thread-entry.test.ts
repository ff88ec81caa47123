import { join } from 'node:path';
import { selfThreadEntry } from '../src/thread-entry';

describe('selfThreadEntry', () => {
  it('re-enters the bundled command file itself', () => {
    expect(selfThreadEntry('/app/cli/dist/halong.cjs')).toEqual({ filename: '/app/cli/dist/halong.cjs' });
  });

  it('loads the TypeScript entry through tsx in development', () => {
    const entry = selfThreadEntry(join(__dirname, '..', 'src', 'thread-entry.ts'));
    expect(entry.eval).toBe(true);
    expect(entry.filename).toBe(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', 'src', 'main.ts'))});`);
  });
});
