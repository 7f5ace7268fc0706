// A throw-away npm registry for end-to-end tests: verdaccio on a free port of 127.0.0.1, with empty storage.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LocalRegistry {
  url: string;
  /** An npm userconfig that points at the registry, with the fake token `npm publish` needs. */
  npmrc: string;
  /** Stops verdaccio and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts verdaccio with its storage in `dir` (created empty); resolves once it listens. */
export function startRegistry(dir: string): Promise<LocalRegistry> {
  const storage = path.join(dir, 'storage');
  fs.mkdirSync(storage, { recursive: true });
  const child = spawn(process.execPath, [path.join(__dirname, 'start-registry.cjs'), storage, '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    // verdaccio keeps logging to stdout: the pipe is read (and kept) for the whole run, so it never fills up
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /READY (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (!match) return;
      const url = match[1];
      const npmrc = path.join(dir, 'npmrc');
      const host = url.replace(/^http:/, '');
      fs.writeFileSync(
        npmrc,
        `registry=${url}\n${host}:_authToken=anonymous-fake\naudit=false\nfund=false\nupdate-notifier=false\n`,
      );
      resolve({ url, npmrc, stop: () => stopChild(child) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`verdaccio exited with code ${code}:\n${output}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The repository's root, where the packages to publish live. */
const ROOT = path.join(__dirname, '..', '..');

/** The workspace packages of int2int, in the order they can be published (dependencies first). */
export const INT2INT_PACKAGES = ['native', 'plugins/arithmetic', 'plugins/elliptic', 'framework'];

/** Packs each of `packages` (folders of the repository) into `dir`/tarballs and publishes it to `registry`. */
export function publishPackages(registry: LocalRegistry, packages: readonly string[], dir: string): void {
  const tarballs = path.join(dir, 'tarballs');
  fs.mkdirSync(tarballs, { recursive: true });
  const env = { ...process.env, npm_config_userconfig: registry.npmrc, npm_config_registry: registry.url };
  for (const pkg of packages) {
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', tarballs], {
      cwd: path.join(ROOT, pkg),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [{ filename }] = JSON.parse(json) as Array<{ filename: string }>;
    execFileSync('npm', ['publish', path.join(tarballs, filename)], { cwd: dir, env, stdio: 'ignore' });
  }
}
