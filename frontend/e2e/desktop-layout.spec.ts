import { expect, test } from '@playwright/test';
import { demoEmail, signIn } from './support';

// A 1440 px wide screen (a common office monitor): no page of the main menu is wider than the
// window; wide tables scroll inside their card instead.
test.use({ viewport: { width: 1440, height: 900 } });

test('at 1440 px no page scrolls sideways; wide tables scroll inside their card', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, demoEmail('admin'));
  for (const path of ['/', '/tasks', '/files', '/reports', '/calendar', '/help-requests', '/approvals', '/cases', '/admin/audit', '/admin/users']) {
    await page.goto(path);
    // The event stream keeps the network busy: wait for the page's first card and its lists.
    await expect(page.locator('.ant-card').first()).toBeVisible();
    await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(scroll, `${path} is ${scroll} px wide in a ${inner} px window`).toBeLessThanOrEqual(inner);
  }
  // The 17-column department table of the report scrolls in its card with the names fixed.
  await page.goto('/reports');
  const names = page.locator('.ant-table-cell-fix-left').first();
  await expect(names).toBeVisible();
});
