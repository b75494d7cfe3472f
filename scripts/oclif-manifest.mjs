#!/usr/bin/env node
// Writes oclif.manifest.json after the build (src/cli/manifest.ts says what it holds). Part of
// `npm run build`/`prepare`, after tsc.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeManifest } from '../dist/src/cli/manifest.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
console.log(`oclif manifest: ${await writeManifest(root)} commands`);
