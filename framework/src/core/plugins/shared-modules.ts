// Makes plugins share this process's copies of int2int, tsyringe and reflect-metadata, wherever they are installed.
import Module from 'node:module';

/**
 * The packages whose state must be single per process: int2int (operation registry), tsyringe (the container
 * and the constructor metadata of @inject) and reflect-metadata. A plugin installed by `plugins:install` lives
 * in oclif's data folder, where `require('int2int')` would otherwise find another copy, or none at all.
 */
const SHARED_PACKAGES = ['int2int', 'tsyringe', 'reflect-metadata'] as const;

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

let installed = false;

/** Routes `require()` of the shared packages, from any module, to the files this process already uses. */
export function shareHostModules(): void {
  if (installed) return;
  installed = true;
  const targets = new Map<string, string>(
    SHARED_PACKAGES.map((name) => [
      name,
      name === 'int2int' ? require.resolve('../../index') : require.resolve(name),
    ]),
  );
  const hooks = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = hooks._resolveFilename;
  hooks._resolveFilename = function (request, parent, isMain, options) {
    return targets.get(request) ?? original.call(this, request, parent, isMain, options);
  };
}
