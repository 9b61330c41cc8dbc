import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { createHmac } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage, customerWrites, PASSWORD } from "./helpers";
import { hostPort } from "../playwright.config";

const hostApp = `http://127.0.0.1:${hostPort}/app.html`;

/** An admin's API session. */
async function asAdmin(request: APIRequestContext) {
  const login = await request.post("/api/v1/auth/login", { data: { email: "ada@example.com", password: PASSWORD } });
  expect(login.status()).toBe(200);
  return request;
}

/** The demo's attributes (Plan: Starter, Business or Enterprise; Orders, a number), as an admin reads them. */
async function demoAttributes(request: APIRequestContext) {
  const admin = await asAdmin(request);
  const listed = await (await admin.get("/api/v1/attributes")).json();
  expect(listed.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(["Plan", "Orders"]));
  return admin;
}

test("a single-page app on another origin names its customer and their plan with Switchboard(…); the agent sees them live, and a logout starts anonymous", async ({ browser, baseURL, request }) => {
  const admin = await demoAttributes(request);
  const { widget_key: key, identity_secret: secret } = await (await admin.get("/api/v1/settings/widget")).json();
  const ben = await agentPage(browser, "ben@example.com");
  await ben.getByTestId("tab-pending").click();

  const tag = String(Date.now() % 100000);
  const id = `app-user-${tag}`;
  const query = new URLSearchParams({
    server: baseURL!,
    key,
    identifier: id,
    "identifier-hash": createHmac("sha256", secret).update(id).digest("hex"),
    name: `Grace Hopper ${tag}`,
    email: `grace${tag}@example.com`,
    phone: "+1 555 0142",
  });
  const site = await (await browser.newContext({ timezoneId: "America/Sao_Paulo", locale: "pt-BR" })).newPage();
  const warnings: string[] = [];
  site.on("console", (m) => {
    if (m.type() === "warning") warnings.push(m.text());
  });
  await site.goto(`${hostApp}?${query}`);
  await expect(site.locator("#switchboard-launcher")).toBeVisible();

  // Logged in: the site names the customer and sets their plan, then opens the chat.
  await site.locator("#log-in").click();
  await site.locator("#open-chat").click();
  const widget = site.frameLocator("#switchboard-frame");
  await expect(widget.getByTestId("widget")).toBeVisible();
  await expect(site.locator("#said")).toContainText("opened");
  const question = `How many seats does my plan have? ${tag}`;
  await widget.getByTestId("widget-input").fill(question);
  await widget.getByRole("button", { name: "Send" }).click();

  // Ben sees a named customer, the site's attributes in the admins' order, where they are and their browser.
  const row = ben.getByTestId("conversation-row").filter({ hasText: `Grace Hopper ${tag}` });
  await row.click();
  if (!(await ben.getByTestId("contact-panel").isVisible())) await ben.getByTestId("toggle-details").click();
  const panel = ben.getByTestId("contact-panel");
  await expect(panel.getByTestId("customer-email")).toHaveText(`grace${tag}@example.com`);
  await expect(panel.getByTestId("customer-phone")).toHaveText("+1 555 0142");
  await expect(panel.locator("[data-testid=customer-attribute][data-attribute=Plan]")).toHaveText("Starter");
  await expect(panel.locator("[data-testid=customer-attribute][data-attribute=Orders]")).toHaveText("12");
  await expect(panel.getByTestId("customer-location")).toHaveText("Sao Paulo, America");
  await expect(panel.getByTestId("customer-local-time")).toHaveText(/^\d\d:\d\d$/);
  await expect(panel.getByTestId("customer-language")).toHaveText("pt-BR");
  await expect(panel.getByTestId("customer-browser")).toContainText("Chrome");

  // The site upgrades them: Ben's panel follows at once.
  await site.locator("#upgrade").click();
  await expect(panel.locator("[data-testid=customer-attribute][data-attribute=Plan]")).toHaveText("Business");
  // A plan that is not one of the list is refused, and the page's console says why.
  await site.locator("#bad-plan").click();
  await expect.poll(() => warnings.join("\n")).toContain("`Plan` is one of Starter, Business, Enterprise");
  await expect(panel.locator("[data-testid=customer-attribute][data-attribute=Plan]")).toHaveText("Business");

  // Ben answers; the page hears it (on 'message').
  await ben.getByTestId("accept").click();
  const answer = `Pro has unlimited seats ${tag}`;
  await ben.getByTestId("composer").fill(answer);
  await ben.getByTestId("composer").press("Enter");
  await expect(site.locator("#said")).toContainText(`message: Ben Okafor: ${answer}`);

  // Hidden and shown again by the page.
  await site.locator("#hide-chat").click();
  await expect(site.locator("#switchboard-launcher")).toBeHidden();
  await site.locator("#show-chat").click();
  await expect(site.locator("#switchboard-launcher")).toBeVisible();

  // Logged out: the next chat is a new, anonymous customer's, without Grace's history.
  const token = await site.evaluate((k) => localStorage.getItem(`switchboard.contact_token.${k}`), key);
  await site.locator("#log-out").click();
  await site.locator("#open-chat").click();
  const after = site.frameLocator("#switchboard-frame");
  await expect(after.getByTestId("widget")).toBeVisible();
  await expect(after.getByTestId("widget-message")).toHaveCount(0);
  const hello = `Just browsing ${tag}`;
  await after.getByTestId("widget-input").fill(hello);
  await after.getByRole("button", { name: "Send" }).click();
  await expect(after.getByTestId("widget-message").filter({ hasText: hello })).toBeVisible();
  const anonymous = await site.evaluate((k) => localStorage.getItem(`switchboard.contact_token.${k}`), key);
  expect(anonymous).toBeTruthy();
  expect(anonymous).not.toBe(token);
  await ben.getByTestId("tab-pending").click();
  await expect(ben.getByTestId("conversation-row").filter({ hasText: hello })).toBeVisible();
  await expect(ben.getByTestId("conversation-row").filter({ hasText: hello })).not.toContainText(`Grace Hopper ${tag}`);
});

test("an admin defines attributes and an agent fills them in with the input each kind takes; a colleague sees them live", async ({ browser, baseURL, request }) => {
  await demoAttributes(request);
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const tag = String(Date.now() % 100000);
  const api = await playwrightRequest.newContext({ baseURL });
  const name = `Lena ${tag}`;
  await customerWrites(api, name, "Is my subscription renewing soon?");

  // Admin → Attributes: a date and a yes/no, the second moved up.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-attributes").click();
  const dialog = ada.getByTestId("attributes-dialog");
  await expect(dialog.getByTestId("attribute-card").first()).toBeVisible();
  for (const [name, kind] of [[`renews${tag}`, "date"], [`vip${tag}`, "yes_no"]]) {
    await dialog.getByTestId("new-attribute-name").fill(name);
    await dialog.getByTestId("new-attribute-kind").selectOption(kind);
    await dialog.getByTestId("create-attribute").click();
    await expect(dialog.locator(`[data-testid=attribute-card][data-attribute="${name}"]`)).toBeVisible();
  }
  await dialog.locator(`[data-testid=attribute-card][data-attribute="vip${tag}"]`).getByTestId("attribute-up").click();
  const cards = dialog.getByTestId("attribute-card");
  await expect(cards.nth((await cards.count()) - 2)).toHaveAttribute("data-attribute", `vip${tag}`);
  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=attributes-dialog]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await ada.keyboard.press("Escape");

  // Ada fills them in on a customer's record; a number that is not one is refused.
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: name }).click();
  await ada.getByTestId("view-customer").click();
  await ada.getByTestId("customer-edit").click();
  await ada.locator(`[data-testid=customer-attribute-field][data-attribute="renews${tag}"]`).fill("2027-03-01");
  await ada.locator(`[data-testid=customer-attribute-field][data-attribute="vip${tag}"]`).selectOption("true");
  await ada.locator("[data-testid=customer-attribute-field][data-attribute=Plan]").selectOption("Business");
  await ada.getByTestId("customer-save").click();
  await expect(ada.getByTestId("customer-form")).toHaveCount(0);
  const shown = ada.getByTestId("customer-lightbox");
  await expect(shown.locator(`[data-testid=customer-attribute][data-attribute="vip${tag}"]`)).toHaveText("Yes");
  await expect(shown.locator(`[data-testid=customer-attribute][data-attribute="renews${tag}"]`)).toHaveText("2027-03-01");

  // Ben, on the same customer, sees them live, and the log says who.
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: name }).click();
  await ben.getByTestId("view-customer").click();
  await expect(ben.getByTestId("customer-name")).toHaveText(name);
  await expect(ben.locator(`[data-testid=customer-attribute][data-attribute="vip${tag}"]`)).toHaveText("Yes");
  await expect(ben.getByTestId("contact-log-entry").first()).toContainText(`Ada Lovelace changed the Plan to Business`);
});
