// Starts verdaccio on 127.0.0.1 for the end-to-end tests: node start-registry.cjs <storageDir> [port, 0 = any free one].
// Prints "READY http://127.0.0.1:<port>/" once listening; stops on SIGTERM or SIGINT.
const { execFileSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { parseConfigFile, runServer } = require('verdaccio');

/** npm's configured registry, read without the test's own npmrc and environment (which point at this verdaccio). */
function upstreamRegistry() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_(userconfig|registry)$/i.test(key)) delete env[key];
  const url = execFileSync('npm', ['config', 'get', 'registry'], {
    env,
    cwd: os.tmpdir(),
    encoding: 'utf8',
  }).trim();
  if (/127\.0\.0\.1|localhost/.test(url)) throw new Error(`refusing to proxy to a loopback registry: ${url}`);
  return url;
}

async function main() {
  const storage = path.resolve(process.argv[2]);
  const port = Number(process.argv[3] ?? 0);
  const config = parseConfigFile(path.join(__dirname, 'config.yaml'));
  config.storage = storage;
  config.auth.htpasswd.file = path.join(storage, 'htpasswd');
  config.uplinks.upstream.url = upstreamRegistry();
  const server = await runServer(config);
  server.listen(port, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${server.address().port}/`));
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
