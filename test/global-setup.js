// Jest global setup: builds the packages (incremental tsc -b) so that end-to-end tests run the compiled CLI.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], {
    cwd: path.join(__dirname, '..'),
    stdio: 'inherit',
  });
};
