import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage, customerWidget, PASSWORD } from "./helpers";
import { type APIRequestContext } from "@playwright/test";

/** Sets the widget's pre-chat form, as an admin, through the API. */
async function setPrechat(request: APIRequestContext, prechat: object) {
  const login = await request.post("/api/v1/auth/login", { data: { email: "ada@example.com", password: PASSWORD } });
  expect(login.status()).toBe(200);
  const changed = await request.patch("/api/v1/settings/widget", { data: { prechat } });
  expect(changed.status(), await changed.text()).toBe(200);
}

test("the pre-chat form on the demo shop fills the record the agent sees live", async ({ browser, request }) => {
  // An admin turns it on in Widget settings: name, e-mail and the plan, with a consent.
  const ada = await agentPage(browser, "ada@example.com");
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-widget-settings").click();
  const dialog = ada.getByTestId("widget-settings-dialog");
  await dialog.getByTestId("prechat-mode").selectOption("required");
  for (const field of ["name", "email", "Plan"]) {
    await dialog.locator(`[data-testid=prechat-field][data-field=${field}]`).check();
  }
  await dialog.getByTestId("prechat-consent").fill("I agree that my details are kept to answer me.");
  await dialog.getByTestId("prechat-consent-url").fill("https://shop.example/privacy");
  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=widget-settings-dialog]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await ada.getByTestId("widget-settings-save").click();
  await expect(dialog.getByTestId("widget-settings-saved")).toHaveText("Saved");
  await ada.keyboard.press("Escape");

  try {
    const ben = await agentPage(browser, "ben@example.com");
    await ben.getByTestId("tab-pending").click();
    const tag = String(Date.now() % 100000);
    const shop = await (await browser.newContext()).newPage();
    await shop.goto("/demo");
    await shop.locator("#switchboard-launcher").click();
    const widget = shop.frameLocator("#switchboard-frame");
    const form = widget.getByTestId("widget-prechat");
    await expect(form).toBeVisible();
    // No message box until it is answered, and no Skip for a required form.
    await expect(widget.getByTestId("widget-input")).toBeHidden();
    await expect(widget.getByTestId("widget-prechat-skip")).toHaveCount(0);
    await form.getByLabel("Your name").fill(`Noor ${tag}`);
    await form.getByLabel("Your e-mail address").fill(`noor${tag}@example.com`);
    await form.getByLabel("Plan").selectOption("Business");
    await form.getByTestId("widget-prechat-consent").check();
    await form.getByTestId("widget-prechat-start").click();
    await expect(form).toHaveCount(0);
    const question = `Can I pay yearly? ${tag}`;
    await widget.getByTestId("widget-input").fill(question);
    await widget.getByRole("button", { name: "Send" }).click();

    // Ben sees a named customer with their plan, and the consent in their history.
    const row = ben.getByTestId("conversation-row").filter({ hasText: `Noor ${tag}` });
    await expect(row).toContainText(question);
    await row.click();
    await ben.getByTestId("view-customer").click();
    await expect(ben.getByTestId("customer-email")).toHaveText(`noor${tag}@example.com`);
    await expect(ben.locator("[data-testid=customer-attribute][data-attribute=Plan]")).toHaveText("Business");
    await expect(ben.getByTestId("contact-log-entry").first()).toContainText(`The customer answered the pre-chat form: the name from Visitor to Noor ${tag}`);

    // Back on the shop later, they are not asked again.
    await shop.reload();
    await shop.locator("#switchboard-launcher").click();
    await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toBeVisible();
    await expect(widget.getByTestId("widget-prechat")).toHaveCount(0);
  } finally {
    // Back to the demo's own: optional, name and e-mail.
    await setPrechat(request, { mode: "optional", fields: ["name", "email"] });
  }
  // Optional: a new customer may skip it, or just write.
  const { widget } = await customerWidget(browser);
  await expect(widget.getByTestId("widget-prechat")).toBeVisible();
  await expect(widget.getByTestId("widget-input")).toBeVisible();
  await widget.getByTestId("widget-prechat-skip").click();
  await expect(widget.getByTestId("widget-prechat")).toHaveCount(0);
});
