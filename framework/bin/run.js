#!/usr/bin/env node
// The int2int command-line entry point (oclif).
require('reflect-metadata');
// Plugins installed anywhere (oclif's data folder included) must use this process's int2int, tsyringe and
// reflect-metadata, also when oclif loads a plugin's own commands before any operation is loaded.
require('../dist/core/plugins/shared-modules').shareHostModules();
const { execute } = require('@oclif/core');

execute({ dir: __dirname });
