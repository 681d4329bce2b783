import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const localesDir = resolve(__dirname, '../locales');
// TANDEM_OPENAPI lets a developer check a draft spec; CI uses the committed one.
const openapiPath = process.env.TANDEM_OPENAPI || resolve(__dirname, '../../../openapi.yaml');

type Tree = { [key: string]: string | Tree };

// JSON is YAML; the yaml parser (unlike JSON.parse) rejects duplicate keys instead of keeping the last.
function load(lng: string, ns: string): Tree {
  return parse(readFileSync(join(localesDir, lng, `${ns}.json`), 'utf8'), { uniqueKeys: true }) as Tree;
}

/** Every leaf key, dotted: {a: {b: ''}} → ['a.b']. */
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

const namespaces = (lng: string) =>
  readdirSync(join(localesDir, lng))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

describe('locales', () => {
  it('has the same namespaces in zh-CN and en', () => {
    expect(namespaces('en')).toEqual(namespaces('zh-CN'));
  });

  it.each(namespaces('zh-CN'))('en/%s.json has exactly the keys of zh-CN/%s.json', (ns) => {
    expect(keys(load('en', ns)).sort()).toEqual(keys(load('zh-CN', ns)).sort());
  });

  it.each(namespaces('zh-CN'))('%s.json has no empty strings', (ns) => {
    for (const lng of ['zh-CN', 'en']) {
      const tree = load(lng, ns);
      const empty = keys(tree).filter((k) => {
        const v = k.split('.').reduce<string | Tree>((t, part) => (t as Tree)[part]!, tree);
        return typeof v === 'string' && v.trim() === '';
      });
      expect(empty, `${lng}/${ns}`).toEqual([]);
    }
  });

  it('translates every ErrorCode of openapi.yaml in both languages', () => {
    expect(existsSync(openapiPath), `${openapiPath} is missing`).toBe(true);
    const spec = parse(readFileSync(openapiPath, 'utf8')) as {
      components?: { schemas?: { ErrorCode?: { enum?: string[] } } };
    };
    const codes = spec.components?.schemas?.ErrorCode?.enum ?? [];
    expect(codes.length).toBeGreaterThan(0);
    for (const lng of ['zh-CN', 'en']) {
      const errors = load(lng, 'errors');
      const missing = codes.filter((c) => typeof errors[c] !== 'string');
      expect(missing, `${lng}/errors.json is missing codes`).toEqual([]);
    }
  });

  it('names every EventKind of openapi.yaml in both languages', () => {
    const spec = parse(readFileSync(openapiPath, 'utf8')) as {
      components?: { schemas?: { EventKind?: { enum?: string[] } } };
    };
    const kinds = spec.components?.schemas?.EventKind?.enum ?? [];
    expect(kinds.length).toBeGreaterThan(0);
    for (const lng of ['zh-CN', 'en']) {
      const events = load(lng, 'channels').events as Tree;
      const missing = kinds.filter((k) => typeof events[k] !== 'string');
      expect(missing, `${lng}/channels.json events is missing kinds`).toEqual([]);
      const unknown = Object.keys(events).filter((k) => !kinds.includes(k));
      expect(unknown, `${lng}/channels.json names kinds the API does not have`).toEqual([]);
    }
  });
});
