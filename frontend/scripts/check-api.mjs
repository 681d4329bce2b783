// Fails when src/lib/api/schema.ts is not what openapi-typescript makes from ../openapi.yaml.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../openapi.yaml');
const committed = resolve(root, 'src/lib/api/schema.ts');
const dir = mkdtempSync(join(tmpdir(), 'tandem-check-api-'));
const fresh = join(dir, 'schema.ts');
try {
  const bin = resolve(root, 'node_modules/openapi-typescript/bin/cli.js');
  execFileSync(process.execPath, [bin, spec, '--enum-values', '-o', fresh], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const a = readFileSync(committed, 'utf8');
  const b = readFileSync(fresh, 'utf8');
  if (a !== b) {
    const al = a.split('\n');
    const bl = b.split('\n');
    const line = al.findIndex((l, i) => l !== bl[i]);
    console.error(`check:api: src/lib/api/schema.ts is stale (first difference at line ${line + 1}).`);
    console.error(`  committed: ${JSON.stringify(al[line])}\n  expected:  ${JSON.stringify(bl[line])}`);
    console.error('Run `npm run gen:api` and commit the result.');
    process.exitCode = 1;
  } else {
    console.log('check:api: src/lib/api/schema.ts is up to date.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
