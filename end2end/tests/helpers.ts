import { expect, type Browser, type Page, type FrameLocator } from "@playwright/test";

export const PASSWORD = "switchboard";

/** Logs an agent in, in a context of its own, and waits for the live stream. */
export async function agentPage(browser: Browser, email: string, startFresh = true): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("me")).toBeVisible();
  // Hydrated and connected: the live dot turns green.
  await expect(page.locator(".topbar .live-dot.online")).toBeVisible();
  if (startFresh) {
    // The inbox resumes where this agent was in an earlier test: start each
    // test from the inbox's Working On tab.
    await page.getByTestId("mode-inbox").click();
    await page.getByTestId("tab-working_on").click();
  }
  return page;
}

/** Opens the demo shop as a new customer and opens the chat widget. */
export async function customerWidget(browser: Browser): Promise<{ shop: Page; widget: FrameLocator }> {
  const shop = await (await browser.newContext()).newPage();
  await shop.goto("/demo");
  await shop.locator("#switchboard-launcher").click();
  const widget = shop.frameLocator("#switchboard-frame");
  await expect(widget.locator(".widget .live-dot.online")).toBeVisible();
  return { shop, widget };
}

export async function customerSays(widget: FrameLocator, text: string) {
  await widget.getByTestId("widget-input").fill(text);
  await widget.getByRole("button", { name: "Send" }).click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: text })).toBeVisible();
}
