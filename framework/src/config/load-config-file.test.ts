// Tests for loadConfigFile: where the config is found, a plugin's package.json is not one, and one-line errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from './load-config-file';

describe('loadConfigFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the "int2int" key of package.json, and a config file', async () => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', int2int: { batch_size: 8, plugins: ['p'] } }),
    );
    expect(await loadConfigFile(dir)).toEqual({
      path: join(dir, 'package.json'),
      values: { batch_size: 8 },
      plugins: ['p'],
    });
    expect(await loadConfigFile(mkdtempSync(join(dir, 'empty-')))).toBeUndefined();
  });

  it("does not take a plugin package's own manifest for a config, and finds the config beside it", async () => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'int2int-x', int2int: { operations: './dist/index.js' } }),
    );
    expect(await loadConfigFile(dir)).toBeUndefined();
    writeFileSync(join(dir, 'int2int.config.json'), JSON.stringify({ epoch_size: 64 }));
    expect(await loadConfigFile(dir)).toMatchObject({
      path: join(dir, 'int2int.config.json'),
      values: { epoch_size: 64 },
    });
  });

  it('reports a syntax error in one line with the file and the line', async () => {
    writeFileSync(join(dir, '.int2intrc.yaml'), 'operation: gcd\nbatch_size: [8\n');
    await expect(loadConfigFile(dir)).rejects.toThrow(
      `Cannot read the config file ${join(dir, '.int2intrc.yaml')}:3:1: unexpected end of the stream within a flow collection`,
    );
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{ "operation": "gcd",\n  oops }');
    await expect(loadConfigFile(dir, file)).rejects.toThrow(
      new RegExp(`^Cannot read the config file ${file}:2: [^\\n]*$`),
    );
  });

  it('refuses a config that is not an object of settings', async () => {
    writeFileSync(join(dir, 'int2int.config.json'), '[1, 2]');
    await expect(loadConfigFile(dir)).rejects.toThrow('the config must be an object of settings');
  });
});
