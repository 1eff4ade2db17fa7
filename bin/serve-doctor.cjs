#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'out', 'cli', 'serve-doctor.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'serve-doctor: the CLI is not built yet; run `npm run build:cli` in ' + path.dirname(__dirname) + '\n',
  );
  process.exit(2);
}
require(bundle).main(process.argv.slice(2));
