import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInNew as login } from './support';

// The demo company's budget request of 市场部 (刘洋): 50 万元, submitted to the flow 预算申请:
// the heads of 财务部 (冯建国) and 运营部 (田野) countersign (会签), then, from 50,000 CNY, the
// general manager (陈志远).
const TITLE = 'Q4 线上推广预算申请';

/** From 审批 › 待我审批, opens the request. */
async function openFromTodo(page: Page): Promise<void> {
  await page.getByRole('menuitem', { name: '审批' }).click();
  await expect(page.getByRole('tab', { name: /^待我审批/ })).toBeVisible();
  await page.getByRole('link', { name: TITLE }).first().click();
  await expect(page.getByRole('heading', { name: TITLE, exact: true })).toBeVisible();
  await expect(page.getByTestId('request-section')).toBeVisible();
}

/** Clicks an approver's action, fills the reason when one is asked, confirms. */
async function decide(page: Page, action: string, reason?: string): Promise<void> {
  await page.getByTestId('request-actions').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  // Once the dialog has zoomed in: a click during the animation was once lost (no request sent).
  await expect(dialog).not.toHaveClass(/ant-zoom/);
  if (reason) await dialog.getByRole('textbox').first().fill(reason);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** Both heads approve step 1 (会签). */
async function countersign(browser: Browser): Promise<void> {
  for (const head of ['fengjianguo', 'tianye']) {
    const page = await login(browser, head);
    await openFromTodo(page);
    await decide(page, '同意');
    await expect(page.getByTestId('request-actions')).toBeHidden();
    await page.context().close();
  }
}

test('a budget request goes through 会签 and the general manager, is returned, resubmitted and approved', async ({
  browser,
}) => {
  // Five people sign in and act in turn.
  test.setTimeout(120_000);
  // The initiator sees the request waiting on the two heads.
  const liu = await login(browser, 'liuyang');
  await liu.getByRole('menuitem', { name: '审批' }).click();
  await liu.getByRole('tab', { name: /^我发起的/ }).click();
  await liu.getByRole('link', { name: TITLE }).first().click();
  const section = liu.getByTestId('request-section');
  await expect(section).toContainText('审批中');
  await expect(liu.getByTestId('approval-step').first()).toContainText('会签');

  await countersign(browser);

  // The general manager returns it with a reason.
  const chen = await login(browser, 'chenzhiyuan');
  await openFromTodo(chen);
  await expect(chen.getByTestId('approval-step').nth(1)).toContainText('总经理审批');
  await decide(chen, '退回', '请把投放金额降到 30 万元以内');
  await expect(chen.getByTestId('request-section')).toContainText('已退回');

  // 刘洋 reads why, lowers the amount and submits again.
  await liu.reload();
  await expect(section).toContainText('请把投放金额降到 30 万元以内');
  const amount = liu.getByTestId('request-line').first().getByLabel('金额');
  await amount.fill('300000');
  await section.getByRole('button', { name: '提交审批' }).click();
  await expect(section).toContainText('审批中');
  await expect(section).toContainText('第 2 次提交');

  // Step 1 again, then the general manager approves.
  await countersign(browser);
  await chen.reload();
  await chen.getByRole('menuitem', { name: '审批' }).click();
  await chen.getByRole('link', { name: TITLE }).first().click();
  await decide(chen, '同意', '同意，注意投放节奏');
  await expect(chen.getByTestId('request-section')).toContainText('已通过');

  // The initiator sees it approved, with the earlier submission kept.
  await liu.reload();
  await expect(section).toContainText('已通过');
  await expect(section).toContainText('¥300,000.00');
  await expect(section).toContainText('历次提交（1）');
});
