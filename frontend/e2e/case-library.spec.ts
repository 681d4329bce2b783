import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PASSWORD, signIn, WANGFANG } from './support';

// The API the SPA under test talks to (playwright.config.ts starts it there).
const API = process.env.TANDEM_E2E_API_URL ?? 'http://127.0.0.1:18080';

/** An ISO instant `days` from now. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

/** A day `days` from now in Shanghai, as the date pickers take it (YYYY-MM-DD). */
const dayFromNow = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(new Date(Date.now() + days * 86_400_000));

/** 王芳's API session: a tiny client for setting the scene as other systems would. */
async function apiAs(request: APIRequestContext, email: string) {
  const login = await request.post(`${API}/api/v1/auth/login`, { data: { email, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${token}` };
  const call = async (method: 'GET' | 'POST', path: string, data?: unknown, extra: Record<string, string> = {}) => {
    const res = await request.fetch(`${API}/api/v1${path}`, { method, headers: { ...headers, ...extra }, data });
    expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
    return res.json() as Promise<Record<string, unknown>>;
  };
  return { call };
}

/** Moves a subtask through 进行中 to 已完成 with progress updates (If-Match its version each time). */
async function finish(call: Awaited<ReturnType<typeof apiAs>>['call'], id: string) {
  for (const status of ['in_progress', 'done']) {
    const { version } = await call('GET', `/tasks/${id}`);
    await call('POST', `/tasks/${id}/progress`, { status, percent: status === 'done' ? 100 : 50, note: '按计划推进' }, {
      'If-Match': `"${String(version)}"`,
    });
  }
}

async function pickDate(page: Page, label: string, day: string) {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await expect(input).toHaveValue(day);
}

test('协作案例库：王芳完成任务并写协作总结、打标签、归档，在案例库按标签找到，以此为模板新建任务', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString().slice(-6);
  const title = `夏季新品推广 ${stamp}`;
  const subtask = `渠道物料准备 ${stamp}`;
  const tag = `复盘${stamp}`;

  // The scene, through the public API: 王芳's published cross-department task with one subtask.
  const { call } = await apiAs(request, WANGFANG);
  const me = await call('GET', '/me');
  const departments = (await call('GET', '/departments?limit=100')).items as { id: string; name: string }[];
  const dept = (name: string) => departments.find((d) => d.name === name)!.id;
  const created = await call('POST', '/tasks', {
    scenario: 'cross_department',
    title,
    owner_id: me.id,
    due_at: inDays(20),
    initiating_department_id: dept('市场部'),
    department_ids: [dept('市场部'), dept('研发部')],
    goal: '上市首月销量 3000 台',
  });
  const taskId = created.id as string;
  await call('POST', `/tasks/${taskId}/publish`);
  const sub = await call('POST', `/tasks/${taskId}/subtasks`, { title: subtask, owner_id: me.id, due_at: inDays(10) });

  const page = await (await browser.newContext()).newPage();
  await signIn(page, WANGFANG);
  await page.goto(`/tasks/${taskId}`);
  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();

  // 完成任务 while the subtask is open: refused, naming it.
  await page.getByRole('button', { name: '完成任务' }).click();
  const dialog = page.getByRole('dialog', { name: '完成任务' });
  await dialog.getByRole('button', { name: '标记完成' }).click();
  await expect(dialog.getByText('此项为必填项')).toBeVisible();
  await dialog.getByLabel('目标达成情况').fill('首月销量 3,420 台，完成目标的 114%');
  await dialog.getByLabel('做得好的地方').fill('研发提前交付样机');
  await dialog.getByLabel('经验教训').fill('物料定稿预留一周印刷时间');
  await dialog.getByRole('button', { name: '标记完成' }).click();
  await expect(dialog.getByTestId('open-subtasks')).toContainText(subtask);

  // The subtask is finished; marking done now goes through.
  await finish(call, sub.id as string);
  await dialog.getByRole('button', { name: '标记完成' }).click();
  await expect(dialog).toBeHidden();
  const section = page.getByTestId('task-summary-section');
  await expect(section.getByTestId('summary-view')).toContainText('首月销量 3,420 台');
  await expect(section.getByTestId('figures-days')).toContainText(/提前|延期|按截止日期/);
  await expect(section.getByTestId('figures-departments')).toContainText('市场部');

  // A tag, then 归档到案例库.
  const tags = section.getByRole('combobox', { name: '标签' });
  await tags.click();
  await tags.fill(tag);
  await tags.press('Enter');
  await section.getByRole('button', { name: '保存标签' }).click();
  await section.getByRole('button', { name: '归档到案例库' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click();
  await expect(section).toContainText('此任务已归档到协作案例库，内容只读。');
  await expect(section.getByTestId('tag-editor')).toContainText(tag);

  // 案例库: the tag's facet finds it.
  await page.getByRole('menuitem', { name: '案例库' }).click();
  await expect(page.getByRole('heading', { name: '协作案例库' })).toBeVisible();
  await page.getByTestId('facet-tag').locator(`[data-testid="facet-value"][data-value="${tag}"]`).click();
  await expect(page).toHaveURL(/tag=/);
  const cards = page.getByTestId('case-card');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(title);
  await expect(cards.first()).toContainText('首月销量 3,420 台');
  await expect(cards.first()).toContainText(tag);
  await cards.first().getByRole('link', { name: title }).click();

  // The case page, then 以此为模板新建.
  const casePage = page.getByTestId('case-page');
  await expect(casePage.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await expect(casePage.getByTestId('case-timeline')).toContainText(subtask);
  await casePage.getByRole('button', { name: '以此为模板新建' }).click();
  const reuse = page.getByRole('dialog', { name: '以此为模板新建任务' });
  await expect(reuse.getByLabel('任务名称')).toHaveValue(title);
  const next = `秋季新品推广 ${stamp}`;
  await reuse.getByLabel('任务名称').fill(next);
  await pickDate(page, '新的截止日期', dayFromNow(60));
  await reuse.getByRole('button', { name: '新建草稿' }).click();

  await expect(page.getByText(`已新建草稿「${next}」，请检查后发布`)).toBeVisible();
  await expect(page.getByRole('heading', { name: next, exact: true })).toBeVisible();
  await expect(page.locator('.ant-tag').filter({ hasText: /^草稿$/ }).first()).toBeVisible();
  await page.getByRole('tab', { name: /子任务/ }).click();
  await expect(page.getByRole('link', { name: subtask })).toBeVisible();
});
