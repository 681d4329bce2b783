import { describe, expect, it } from 'vitest';
import { fetchAllDepartments } from './department-select';

describe('fetchAllDepartments', () => {
  it('lists departments in pinyin order of their names, not in code-point order', async () => {
    // The API answers 销售部, 市场部, 研发部; code points would give 市场部, 研发部, 销售部.
    const names = (await fetchAllDepartments()).map((d) => d.name);
    expect(names).toEqual(['市场部', '销售部', '研发部']);
  });
});
