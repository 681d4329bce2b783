import { expect, test, type Locator } from '@playwright/test';
import { signInNew } from './support';

/** A day `days` from now as the date pickers take it (YYYY-MM-DD). */
function dayFromNow(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// The guide's example: 王芳 (市场部) starts 《Q3新品推广方案联合制定》 with 设计部 and 销售部, one
// subtask per department, and publishes it, counting her clicks (typing is not a click).
test('the guide example with three departments and their subtasks takes at most 15 clicks', async ({ browser }) => {
  test.setTimeout(120_000);
  const title = `Q3新品推广方案联合制定 ${Date.now().toString().slice(-6)}`;
  const wang = await signInNew(browser, 'wangfang');
  let clicks = 0;
  const click = async (target: Locator) => {
    clicks += 1;
    await target.click();
  };

  await click(wang.getByRole('menuitem', { name: '任务' }));
  await click(wang.getByRole('button', { name: '新建任务' }));
  // The name field has the focus.
  await expect(wang.getByLabel('任务名称')).toBeFocused();
  await wang.keyboard.type(title);
  const departments = wang.getByLabel('协作部门', { exact: true });
  await click(departments);
  for (const [search, name] of [
    ['设计', '设计部'],
    ['销售', '销售部'],
  ] as const) {
    await departments.fill(search);
    await click(wang.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${name}"]`));
  }
  await departments.press('Escape');
  const due = wang.getByLabel('截止日期');
  await click(due);
  await due.fill(dayFromNow(40));
  await due.press('Enter');
  await click(wang.getByRole('switch', { name: '同时为各协作部门拆分子任务' }));
  const rows = wang.getByTestId('quick-subtasks').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: '销售部' })).toContainText('李强');
  await click(wang.getByRole('button', { name: '创建并发布' }));

  await expect(wang.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await expect(wang.getByRole('tab', { name: '子任务 (3)' })).toBeVisible();
  for (const dept of ['市场部', '设计部', '销售部']) {
    await expect(wang.getByRole('link', { name: `${dept}：${title}` })).toBeVisible();
  }
  // Published: 设计部 and 销售部 now owe their answers.
  await expect(wang.getByTestId('department-responses')).toContainText('2 个部门待响应');
  expect(clicks).toBeLessThanOrEqual(15);
  console.log(`quick create of the guide example: ${clicks} clicks`);
});
