// `npm run screenshots`: copies the screenshots README shows from the last integration run
// (screenshots/, git-ignored, rewritten by every run of the offline launcher) into docs/images/,
// where they are committed. The suite takes them, so they show the product as it is; only this
// deliberate step changes docs/, so a test run never dirties anyone's tree. Run
// `npm run test:integration` first, then this, then commit docs/images/ (before a release, or when
// the UI they show changed).
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { log, repoRoot } from './setup.mjs';

const from = join(repoRoot, 'screenshots');
const to = join(repoRoot, 'docs', 'images');
// Every docs/images/NAME.png README links to is a screenshot of the suite's with that name.
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const names = [...readme.matchAll(/\(docs\/images\/([\w-]+)\.png\)/g)].map((match) => match[1]);
const missing = names.filter((name) => !existsSync(join(from, `${name}.png`)));
if (missing.length > 0) {
  process.stderr.write(
    `[scimmap] no ${missing.map((name) => `screenshots/${name}.png`).join(', ')}: run npm run test:integration first (the offline launcher takes them)\n`,
  );
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const name of names) {
  copyFileSync(join(from, `${name}.png`), join(to, `${name}.png`));
  log(
    `docs/images/${name}.png (${(statSync(join(to, `${name}.png`)).size / 1024).toFixed(0)} KiB) from the run of ${statSync(join(from, `${name}.png`)).mtime.toISOString()}`,
  );
}
