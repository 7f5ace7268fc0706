// `int2int plugins:install PLUGIN...`: oclif's plugins:install, given tarballs and folders by path (against the current folder).
import { Args, Command, Flags } from '@oclif/core';
import { resolveInstallSpec } from '../../../core/plugins/install-spec';
import { UsageError } from '../../../core/usage-error';
import { exitWithError } from '../../exit-with-error';

export default class PluginsInstall extends Command {
  static override summary = 'Install operation plugins: npm packages, tarballs or folders';
  static override description =
    'Each PLUGIN is an npm package name, with a version or range if wanted (int2int-divisors@0.1.0), a tarball ' +
    'written by `npm pack` or a folder holding a package.json, by relative or absolute path (or file: URL), ' +
    'resolved against the current folder, or a git URL. A path that does not exist is an error at once.';
  static override strict = false;
  static override args = {
    plugin: Args.string({ description: 'a package name[@version], a .tgz file, a folder or a git URL' }),
  };
  static override flags = {
    registry: Flags.string({
      description: "npm registry to install from (default: npm's, or INT2INT_NPM_REGISTRY)",
    }),
    force: Flags.boolean({
      char: 'f',
      description: 'Force npm to fetch remote resources even if a local copy exists',
    }),
    silent: Flags.boolean({ char: 's', description: 'Silent mode', exclusive: ['verbose'] }),
    verbose: Flags.boolean({ char: 'v', description: 'Show npm output', exclusive: ['silent'] }),
  };
  static override examples = [
    '<%= config.bin %> plugins:install int2int-divisors',
    '<%= config.bin %> plugins:install int2int-divisors@0.1.0 --registry http://127.0.0.1:4873/',
    '<%= config.bin %> plugins:install ./int2int-divisors-0.1.0.tgz',
    '<%= config.bin %> plugins:install ../int2int-divisors',
  ];

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(PluginsInstall);
    let specs: string[];
    try {
      if (argv.length === 0)
        throw new UsageError('Name a plugin to install: a package name, a .tgz file or a folder');
      specs = (argv as string[]).map((given) => resolveInstallSpec(given, process.cwd()).spec);
    } catch (error) {
      exitWithError(this, error);
    }
    // oclif's install builds its own Config, which reads the registry from the environment, not from this one
    if (flags.registry) process.env.INT2INT_NPM_REGISTRY = flags.registry;
    const upstream = await this.config.plugins.get('@oclif/plugin-plugins')?.findCommand('plugins:install', {
      must: true,
    });
    if (!upstream) throw new Error('@oclif/plugin-plugins is missing from this int2int');
    const options = [
      ...(flags.force ? ['--force'] : []),
      ...(flags.silent ? ['--silent'] : []),
      ...(flags.verbose ? ['--verbose'] : []),
    ];
    await upstream.run([...specs, ...options], this.config);
  }
}
