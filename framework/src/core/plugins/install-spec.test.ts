// Tests of resolveInstallSpec: paths and file: URLs against the current folder, npm specs as given, clear errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveInstallSpec } from './install-spec';

describe('resolveInstallSpec', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-install-'));
    fs.writeFileSync(path.join(cwd, 'x-0.1.0.tgz'), '');
    fs.mkdirSync(path.join(cwd, 'plugin'));
    fs.writeFileSync(path.join(cwd, 'plugin', 'package.json'), '{}');
    fs.mkdirSync(path.join(cwd, 'empty'));
  });
  afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it.each(['./x-0.1.0.tgz', 'x-0.1.0.tgz', 'file:./x-0.1.0.tgz', 'file:x-0.1.0.tgz'])(
    'resolves the tarball %s against the current folder',
    (given) => {
      const tarball = path.join(cwd, 'x-0.1.0.tgz');
      expect(resolveInstallSpec(given, cwd)).toEqual({ spec: `file:${tarball}`, localPath: tarball });
    },
  );

  it('keeps absolute paths and resolves folders', () => {
    const tarball = path.join(cwd, 'x-0.1.0.tgz');
    expect(resolveInstallSpec(tarball, '/').spec).toBe(`file:${tarball}`);
    expect(resolveInstallSpec(`file:${tarball}`, '/').spec).toBe(`file:${tarball}`);
    expect(resolveInstallSpec('.', path.join(cwd, 'plugin')).spec).toBe(`file:${path.join(cwd, 'plugin')}`);
    expect(resolveInstallSpec('plugin/', cwd).spec).toBe(`file:${path.join(cwd, 'plugin')}`);
    expect(resolveInstallSpec('plugin', cwd).spec).toBe(`file:${path.join(cwd, 'plugin')}`);
  });

  it('passes npm names, versions and git URLs through', () => {
    for (const spec of [
      'int2int-divisors',
      'int2int-divisors@0.1.0',
      '@me/plugin@^1.0.0',
      'github:owner/repo',
    ]) {
      expect(resolveInstallSpec(spec, cwd)).toEqual({ spec });
    }
  });

  it('names a missing path, a folder that is not a package and a file that is not a tarball', () => {
    expect(() => resolveInstallSpec('./missing-0.1.0.tgz', cwd)).toThrow(
      new Error(
        `No such file or folder: ${path.join(cwd, 'missing-0.1.0.tgz')} (from "./missing-0.1.0.tgz", resolved against ${cwd})`,
      ),
    );
    expect(() => resolveInstallSpec('dist/missing-0.1.0.tgz', cwd)).toThrow(/resolved against \S+$/);
    expect(() => resolveInstallSpec('./empty', cwd)).toThrow(
      `${path.join(cwd, 'empty')} is not a package: it has no package.json`,
    );
    expect(() => resolveInstallSpec('empty', cwd)).toThrow(
      `${path.join(cwd, 'empty')} is not a package: it has no package.json`,
    );
    expect(() => resolveInstallSpec('owner/repo', cwd)).toThrow(
      `No such file or folder: ${path.join(cwd, 'owner/repo')} (from "owner/repo", resolved against ${cwd}); ` +
        'for the GitHub repository owner/repo, write github:owner/repo',
    );
    fs.writeFileSync(path.join(cwd, 'notes.txt'), '');
    expect(() => resolveInstallSpec('./notes.txt', cwd)).toThrow('is not a package tarball');
  });
});
