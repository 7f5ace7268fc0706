// Builds the extension: the host code and the webview script bundled by esbuild, and a copy of the repository's templates/.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const framework = JSON.parse(fs.readFileSync('../framework/package.json', 'utf8'));
fs.rmSync('dist', { recursive: true, force: true });
fs.cpSync('../templates', 'dist/templates', { recursive: true });
await esbuild.build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // cosmiconfig's loader of .ts config files needs typescript: the extension reads JSON, YAML and JS configs only
  external: ['vscode', 'typescript'],
  define: { INT2INT_VERSION: JSON.stringify(framework.version) },
  outfile: 'dist/extension.js',
  logLevel: 'warning',
});
await esbuild.build({
  entryPoints: ['src/webview-ui/main.ts'],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  outfile: 'dist/webview/main.js',
  logLevel: 'warning',
});
