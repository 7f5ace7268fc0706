// Rewrites the parameter table of README.md from the compiled CORE_PARAMETERS (run after npm run build).
const fs = require('node:fs');
const path = require('node:path');
const { withParametersTable } = require('../framework/dist/config/parameters-table');

const readme = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readme, withParametersTable(fs.readFileSync(readme, 'utf8')));
