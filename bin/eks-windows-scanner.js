#!/usr/bin/env node
// The command line runs its TypeScript sources directly, which takes Node.js 24 or later.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `eks-windows-scanner: needs Node.js 24 or later, this is ${process.version}. ` +
      "From the repository, 'npm run scan -- <options>' uses the project's own Node.js 24.\n",
  );
  process.exit(2);
}
await import('../src/cli/main.ts');
