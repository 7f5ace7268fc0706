// What `int2int plugins:install` was given: a tarball or a folder (by path or file: URL, against the current folder), or an npm/git spec.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../usage-error';

/** A plugin to install: `file:<absolute path>` for tarballs and folders, else the spec as given (npm name[@version], git URL). */
export interface InstallSpec {
  /** What npm is given. */
  spec: string;
  /** The tarball or folder, for local installs. */
  localPath?: string;
}

const TARBALL = /\.(tgz|tar\.gz|tar)$/;

/**
 * Whether `given` names a file or a folder rather than a package: a path as npm tells them apart, a name with a
 * slash (which npm would take for a GitHub repository: `github:owner/repo` says that), or something that exists here.
 */
function looksLikePath(given: string, cwd: string): boolean {
  if (given.startsWith('file:')) return true;
  if (/^(\.{1,2}|~)(\/|$)/.test(given) || path.isAbsolute(given) || TARBALL.test(given)) return true;
  if (given.includes(':') || given.startsWith('@')) return false;
  return given.includes('/') || fs.existsSync(path.resolve(cwd, given));
}

/**
 * Resolves a plugins:install argument. Paths are resolved against `cwd` (`~` is the home folder); a path that
 * does not exist, a folder without package.json, or a file that is not a tarball is a one-line error naming it.
 */
export function resolveInstallSpec(given: string, cwd: string): InstallSpec {
  if (!looksLikePath(given, cwd)) return { spec: given };
  let written = given.replace(/^file:(\/\/)?/, '');
  if (written === '~' || written.startsWith('~/')) written = path.join(os.homedir(), written.slice(1));
  const localPath = path.resolve(cwd, written);
  const from = localPath === given ? '' : ` (from "${given}", resolved against ${cwd})`;
  if (!fs.existsSync(localPath)) {
    const github =
      /^\w[\w.-]*\/[\w.-]+$/.test(given) && !TARBALL.test(given)
        ? `; for the GitHub repository ${given}, write github:${given}`
        : '';
    throw new UsageError(`No such file or folder: ${localPath}${from}${github}`);
  }
  if (fs.statSync(localPath).isDirectory()) {
    if (!fs.existsSync(path.join(localPath, 'package.json'))) {
      throw new UsageError(`${localPath} is not a package: it has no package.json${from}`);
    }
  } else if (!TARBALL.test(localPath)) {
    throw new UsageError(
      `${localPath} is not a package tarball (.tgz, as npm pack writes) nor a folder${from}`,
    );
  }
  return { spec: `file:${localPath}`, localPath };
}
