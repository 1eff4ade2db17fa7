// Electron 45+ fetches its binary on first use, but electron-vite looks for it without asking:
// resolve it through the electron package once (which downloads it when missing) before starting.
'use strict';
try {
  const executable = require('electron');
  if (typeof executable !== 'string') throw new Error('the electron package did not give a path');
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `Serve Doctor needs the Electron runtime, which could not be fetched (${reason}).\n` +
      'Check the network (or set ELECTRON_MIRROR), or use the browser UI instead: npx serve-doctor ui\n',
  );
  process.exit(1);
}
