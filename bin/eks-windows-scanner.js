#!/usr/bin/env node
// The installed package runs the command line bundled at pack time (dist/cli/, built by the
// `prepack` script; Node.js 20.12 or later). A clone of the repository runs its TypeScript
// sources instead, always current, with the Node.js 24 that `npm ci` puts in node_modules/.bin
// (`npx eks-windows-scanner` there finds it first); a clone under an older Node.js falls back
// to a bundle built with `npm run build`.
import { existsSync } from 'node:fs';

// The bundle needs Node.js 20.12 (util.styleText, among others). An older one would stop at
// its first import with a SyntaxError and exit 1, which reads as findings at --fail-on.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  process.stderr.write(
    `eks-windows-scanner: needs Node.js 20.12 or later, and this is Node.js ${process.versions.node}: ` +
      'install a newer one (https://nodejs.org).\n',
  );
  process.exit(2);
}

const sources = new URL('../src/cli/main.ts', import.meta.url);
const bundle = new URL('../dist/cli/eks-windows-scanner.mjs', import.meta.url);
// 'strip' or 'transform' where Node.js runs TypeScript (22.18+ and 24 by default).
const runsTypeScript = Boolean(process.features.typescript);

if (existsSync(sources) && runsTypeScript) {
  await import(sources.href);
} else if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write(
    `eks-windows-scanner: this clone has no bundled command line and ${process.version} cannot ` +
      "run its TypeScript sources: run 'npm run build' first, or 'npm run scan -- <options>' " +
      "(the project's own Node.js 24).\n",
  );
  process.exit(2);
}
