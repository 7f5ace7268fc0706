// Checks that the package entry point imports every operation file, so that none is left unregistered.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('int2int-elliptic entry point', () => {
  it('imports every *.operation.ts file of src/', () => {
    const index = readFileSync(join(__dirname, 'index.ts'), 'utf8');
    const files = readdirSync(__dirname).filter((f) => f.endsWith('.operation.ts'));
    expect(files).toHaveLength(4);
    const missing = files.filter((f) => !index.includes(`from './${f.replace(/\.ts$/, '')}'`));
    expect(missing).toEqual([]);
  });
});
