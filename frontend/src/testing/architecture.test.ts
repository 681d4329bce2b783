import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// STYLE §11: features never import each other; shared code goes to components/, lib/ or config/.
const src = resolve(__dirname, '..');
const featuresDir = join(src, 'features');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const importRe = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importRe)].map((m) => m[1] ?? m[2] ?? '');
}

describe('architecture', () => {
  it('features do not import other features', () => {
    const offences: string[] = [];
    for (const feature of readdirSync(featuresDir)) {
      for (const file of files(join(featuresDir, feature))) {
        for (const spec of imports(file)) {
          const m = /^@\/features\/([^/]+)/.exec(spec);
          if (m && m[1] !== feature) offences.push(`${relative(src, file)} imports ${spec}`);
          if (spec.startsWith('@/app/')) offences.push(`${relative(src, file)} imports ${spec}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('uses kebab-case file names and no index barrels', () => {
    const bad = files(src)
      .map((f) => relative(src, f))
      .filter((f) => {
        const base = f.split('/').pop() ?? '';
        return /(^|\/)index\.tsx?$/.test(f) || !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*\.tsx?$/.test(base);
      });
    expect(bad).toEqual([]);
  });
});
