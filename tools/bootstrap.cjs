#!/usr/bin/env node
// Runs before `npm start` and `npm test` so that both work on a fresh clone: installs the locked
// dependencies when package-lock.json changed since the last install, then builds the workspaces
// (incremental, so a no-op when nothing changed). Only Node built-ins here: nothing is installed yet.
//
// `npm ci`: exactly what package-lock.json lists, or a refusal when the lock and package.json disagree.
// The lock lists every platform's optional binaries (@swc/core, @unrs/resolver-binding), so it installs
// the same on any machine; `npm install` on a lock missing them would rewrite it.
'use strict';
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.orderflow-lock-hash');
// The patches under patches/ are applied by npm ci's postinstall (patch-package), so a changed patch
// needs a reinstall just as a changed lock does.
const patchesDir = join(root, 'patches');
const installInputs = [
  join(root, 'package-lock.json'),
  ...(existsSync(patchesDir)
    ? readdirSync(patchesDir)
        .sort()
        .map((name) => join(patchesDir, name))
    : []),
];
const lockHash = installInputs
  .reduce((hash, file) => hash.update(readFileSync(file)), createHash('sha256'))
  .digest('hex');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

if (!existsSync(marker) || readFileSync(marker, 'utf8') !== lockHash) {
  console.log('orderflow: installing locked dependencies…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(marker, lockHash);
}
run('npx', ['--no-install', 'tsc', '-b', 'tsconfig.build.json']);
