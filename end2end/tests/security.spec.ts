import { type Page } from "@playwright/test";
import { test, expect, agentPage, customerWidget, customerSays, PASSWORD } from "./helpers";
import { hostPort } from "../playwright.config";

/** Whatever the page's Content-Security-Policy refused, as the console says it. */
function policyViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(text)) refused.push(text);
  });
  return refused;
}

test("the inbox works under its Content-Security-Policy: nothing refused along the main path", async ({ browser }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const refused = policyViolations(ben);
  // Hydrated (agentPage waited for the live dot), and the policy is there.
  const response = await ben.reload();
  expect(response!.headers()["content-security-policy"]).toContain("'nonce-");
  await expect(ben.locator(".topbar .live-dot.online")).toBeVisible();
  await ben.getByTestId("tab-pending").click();

  const { shop, widget } = await customerWidget(browser);
  const shopRefused = policyViolations(shop);
  const hello = `Under a strict policy ${Date.now()}`;
  await customerSays(widget, hello);
  const row = ben.getByTestId("conversation-row").filter({ hasText: hello });
  await row.click();
  await ben.getByTestId("accept").click();
  await ben.getByTestId("composer").fill("Hello, Ben here");
  await ben.getByTestId("composer").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Hello, Ben here" })).toBeVisible();
  await ben.getByTestId("transfer").click();
  await expect(ben.getByRole("dialog")).toBeVisible();
  await ben.keyboard.press("Escape");
  await ben.getByTestId("mode-chat").click();
  await ben.getByTestId("mode-inbox").click();

  expect(refused).toEqual([]);
  expect(shopRefused).toEqual([]);
});

test("a wrong password is a 401 in the browser's network log, not a 500", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill("chloe@example.com");
  await page.getByLabel("Password").fill("not the password");
  const answered = page.waitForResponse((r) => r.url().includes("/rpc/log_in"));
  await page.getByRole("button", { name: "Log in" }).click();
  expect((await answered).status()).toBe(401);
  await expect(page.getByRole("alert")).toHaveText("the e-mail or password is wrong");
  // And the right one still logs in.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("me")).toBeVisible();
});

test("the widget shows only on the sites an admin allows", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const settings = async (change: object) => {
    const response = await ada.request.patch(`${baseURL}/api/v1/settings/widget`, {
      data: change,
      headers: { Origin: baseURL! },
    });
    expect(response.status(), await response.text()).toBe(200);
    return response.json();
  };
  const { widget_key: key } = await settings({});
  const hostSite = `http://127.0.0.1:${hostPort}`;
  try {
    await settings({ allowed_origins: ["https://shop.elsewhere.example"] });
    // The settings are read afresh within a couple of seconds.
    await ada.waitForTimeout(2500);
    const site = await (await browser.newContext()).newPage();
    const refused = policyViolations(site);
    await site.goto(`${hostSite}/?${new URLSearchParams({ server: baseURL!, key })}`);
    await site.locator("#switchboard-launcher").click();
    await expect.poll(() => refused.some((text) => text.includes("frame-ancestors"))).toBe(true);
    await expect(site.frameLocator("#switchboard-frame").getByTestId("widget")).toHaveCount(0);
    await site.close();

    await settings({ allowed_origins: [hostSite] });
    await ada.waitForTimeout(2500);
    const allowed = await (await browser.newContext()).newPage();
    await allowed.goto(`${hostSite}/?${new URLSearchParams({ server: baseURL!, key })}`);
    await allowed.locator("#switchboard-launcher").click();
    await expect(allowed.frameLocator("#switchboard-frame").getByTestId("widget")).toBeVisible();
    await allowed.close();
  } finally {
    await settings({ allowed_origins: [] });
  }
});
