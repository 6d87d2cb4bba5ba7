#!/usr/bin/env node
// Thin launcher, in CommonJS: it loads geo-gen's ECMAScript modules with `require`, which Node
// (20.19 and 22.12 on) does synchronously and sooner than an ECMAScript entry's own loading;
// another Node gets `import()`. `#main` is the compiled dist/main.js (package.json "imports");
// inside this repository, `node --conditions=geo-source --import tsx` runs the sources instead.
'use strict';

/** The module, loaded with `require` where Node can load ECMAScript modules so, else `import()`. */
function load(specifier) {
  // The TypeScript sources are ECMAScript modules only through tsx's `import` hooks: `require`
  // would load a second copy, whose classes `instanceof` would not know.
  if (require.resolve(specifier).endsWith('.ts')) return import(specifier);
  try {
    return Promise.resolve(require(specifier));
  } catch (error) {
    if (error !== null && typeof error === 'object' && error.code === 'ERR_REQUIRE_ESM') {
      return import(specifier);
    }
    throw error;
  }
}

(async () => {
  // V8's flags and compiled code for the command, before it loads (half of a run's start-up),
  // and Ctrl-C's exit.
  const { startUp } = await load('#start-up');
  await startUp(process);
  const { main } = await load('#main');
  process.exitCode = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    env: process.env,
  });
})();
