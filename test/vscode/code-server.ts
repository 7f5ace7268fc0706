// Starts and stops a hermetic code-server (from test/vscode/setup-code-server.sh) with a .vsix installed, for the e2e test.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const CODE_SERVER = path.join(
  __dirname,
  '..',
  '..',
  '.cache',
  'code-server-4.100.3',
  'node_modules',
  '.bin',
  'code-server',
);

export interface EditorServer {
  url: string;
  workspace: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The editor's settings: no telemetry, no update checks, no startup editor, no trust prompt. */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

/** Installs `vsix` into a fresh profile under `root`, starts code-server on a free port and waits for /healthz. */
export async function startCodeServer(
  root: string,
  vsix: string,
  workspace: string,
  /** More environment for the editor, its extension host and the tasks it starts (e.g. an npm registry). */
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<EditorServer> {
  for (const dir of ['ud/User', 'ext', 'xdg/config', 'xdg/data', 'xdg/cache']) {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  }
  const port = await freePort();
  const config = path.join(root, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  fs.writeFileSync(path.join(root, 'ud/User/settings.json'), JSON.stringify(USER_SETTINGS));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'xdg/config'),
    XDG_DATA_HOME: path.join(root, 'xdg/data'),
    XDG_CACHE_HOME: path.join(root, 'xdg/cache'),
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...extraEnv,
  };
  const profile = ['--user-data-dir', path.join(root, 'ud'), '--extensions-dir', path.join(root, 'ext')];
  execFileSync(CODE_SERVER, [...profile, '--install-extension', vsix], { env, stdio: 'pipe' });
  const log = fs.openSync(path.join(root, 'server.log'), 'w');
  const server = spawn(
    CODE_SERVER,
    [
      '--config',
      config,
      ...profile,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', log, log] }, // detached: its own process group, killed as a whole
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await healthy(url))) {
    if (Date.now() > deadline || server.exitCode !== null) {
      throw new Error(`code-server did not start: ${fs.readFileSync(path.join(root, 'server.log'), 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, workspace, stop: () => stopGroup(server.pid) };
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole process group (the extension host and file watchers too), then waits for it to be gone. */
async function stopGroup(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (alive()) process.kill(-pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) process.kill(-pid, 'SIGKILL');
}
