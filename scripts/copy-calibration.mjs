#!/usr/bin/env node
// Part of `npm run build`: copies the file @size-limit/time calibrates its CPU slowdown with
// (React 18.2.0's UMD build, MIT, with its licence) into dist/calibration/, so that perfgate ships
// it and needs no react package at run time. react is a development dependency only.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const react = path.dirname(require.resolve('react/package.json'));
const { version } = JSON.parse(readFileSync(path.join(react, 'package.json'), 'utf8'));
// The slow-phone time the calibration divides by was measured on exactly this file.
if (version !== '18.2.0') throw new Error(`the size-limit calibration needs react 18.2.0's UMD build; node_modules has react ${version}`);
const out = path.join(root, 'dist', 'calibration');
mkdirSync(out, { recursive: true });
copyFileSync(path.join(react, 'umd', 'react.production.min.js'), path.join(out, 'react-18.2.0.production.min.js'));
copyFileSync(path.join(react, 'LICENSE'), path.join(out, 'react-LICENSE.txt'));
