#!/usr/bin/env node
// The int2int command-line entry point (oclif).
require('reflect-metadata');
const { execute } = require('@oclif/core');

execute({ dir: __dirname });
