import { expect, test } from '@playwright/test';
import { signIn } from './support';

const ADMIN = 'admin@demo.tandem.cn';

/** The year after the current one in Shanghai, and its first Saturday of February (YYYY-MM-DD). */
function nextYear(): { year: number; saturday: string; wednesday: string } {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) + 1;
  const d = new Date(Date.UTC(year, 1, 1));
  while (d.getUTCDay() !== 6) d.setUTCDate(d.getUTCDate() + 1);
  const iso = (x: Date) => x.toISOString().slice(0, 10);
  const wed = new Date(d);
  wed.setUTCDate(d.getUTCDate() + 4);
  return { year, saturday: iso(d), wednesday: iso(wed) };
}

test('an administrator is told the calendar lacks a year and imports its schedule from 工作日历', async ({ page }) => {
  const { year, saturday, wednesday } = nextYear();
  await signIn(page, ADMIN);
  // The shipped schedules end with 2026: from 1 November 2026 on there is always a year to import.
  const banner = page.getByTestId('calendar-warnings');
  await expect(banner).toContainText('节假日安排');
  await banner.getByRole('link', { name: '去导入' }).first().click();
  await expect(page).toHaveURL(/\/admin\/work-calendar$/);

  await page.getByRole('button', { name: '导入节假日安排' }).first().click();
  const dialog = page.getByRole('dialog', { name: '导入一年的节假日安排' });
  const text = dialog.getByLabel('安排内容');
  const head = `year ${year}\nsource 端到端测试安排（非官方）\n${year}-01-01 off 元旦\n`;
  // Line 4 names a Wednesday as a make-up working day: nothing is imported, the line is named.
  await text.fill(`${head}${wednesday} work 补班\n`);
  await dialog.getByRole('button', { name: '导入' }).click();
  await expect(dialog.getByTestId('import-problems')).toContainText('第 4 行：调休上班日应为周六或周日');

  await text.fill(`${head}${saturday} work 调休上班\n`);
  await dialog.getByRole('button', { name: '检查' }).click();
  await expect(dialog.getByText(`${year} 年：放假 1 天，调休上班 1 天（检查通过，尚未保存）`)).toBeVisible();
  await dialog.getByRole('button', { name: '导入' }).click();
  await expect(page.getByText(`已导入 ${year} 年的节假日安排`)).toBeVisible();

  // The page shows the imported year, its source and days.
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByText('端到端测试安排（非官方）')).toBeVisible();
  await expect(page.getByRole('cell', { name: new RegExp(`^${saturday}`) })).toBeVisible();
  await expect(page.getByTestId('year-unscheduled')).toBeHidden();
});
