import { expect, test } from '@playwright/test';

// Pixel checks of the sign-in page at a desktop and a phone size against the committed images
// (`npx playwright test screenshots --update-snapshots` after an intended change). The pages
// behind it show the demo data's dates, which move with the day the suite runs, so their layout
// is checked by the phone and desktop-layout specs instead of by pixels. The tolerance (2 % of the
// pixels) absorbs anti-aliasing that differs between CPUs; a broken layout moves far more.
for (const [size, viewport, isMobile] of [
  ['desktop', { width: 1440, height: 900 }, false],
  ['phone', { width: 390, height: 844 }, true],
] as const) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, isMobile, hasTouch: isMobile });

    test(`the sign-in page looks as it did (${size})`, async ({ page }) => {
      await page.goto('/login');
      await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await expect(page).toHaveScreenshot(`sign-in-${size}.png`, { fullPage: true, maxDiffPixelRatio: 0.02 });
    });
  });
}
