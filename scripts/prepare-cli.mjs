// npm's `prepare` script: npm runs it after a plain `npm install` or `npm ci` in a clone, and in
// the clone it makes when a user installs the package from git (`npm install -g github:…`),
// whose tarball then needs the bundled command line (`prepack` alone does not run there).
// Plain JavaScript, so that any Node.js can run it: without the dev dependencies — `sam build`
// runs `npm install --production` in its copy of the sources — there is nothing to bundle with
// and nothing needs the bundle, so it says so and skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const command = process.env.npm_command;

if (command === 'pack' || command === 'publish') {
  // The `prepack` script builds it for these, and must not be skipped.
  process.exit(0);
}
if (!existsSync(`${root}node_modules/esbuild/package.json`)) {
  process.stderr.write(
    'eks-windows-scanner: dev dependencies not installed; the command-line bundle is not built\n',
  );
  process.exit(0);
}
// `node` from npm's PATH: the project's Node.js 24 in node_modules/.bin, which runs TypeScript.
const build = spawnSync('node', ['scripts/build.ts', '--cli'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
