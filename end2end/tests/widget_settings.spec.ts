import { type Page } from "@playwright/test";
import { test, expect, agentPage } from "./helpers";

// What the demo widget starts with, and what later tests expect of it.
const DEFAULT_GREETING = "Hello! How can we help you today?";
const DEFAULT_SIGNATURE = "{agent}, {company}";

async function widgetSettings(page: Page) {
  const response = await page.request.get(new URL("/api/v1/settings/widget", page.url()).href);
  expect(response.ok()).toBeTruthy();
  return response.json();
}

async function widgetConfig(page: Page, key: string) {
  const response = await page.request.get(new URL(`/api/v1/widget/config?key=${encodeURIComponent(key)}`, page.url()).href);
  expect(response.ok()).toBeTruthy();
  return response.json();
}

test("an admin changes the widget's greeting in Widget settings, and its working hours in Queues", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  try {
    await ada.getByTestId("open-admin").click();
    await ada.getByTestId("open-widget-settings").click();
    const dialog = ada.getByTestId("widget-settings-dialog");
    await expect(dialog).toBeVisible();

    // The snippet to paste into the company's pages, and the widget's key.
    const snippet = dialog.getByTestId("widget-snippet");
    await expect(snippet).toHaveValue(/data-key=/);
    await expect(snippet).toHaveValue(/\/widget\.js/);
    const keyField = dialog.getByTestId("widget-key");
    await expect(keyField).not.toBeEmpty();
    const key = ((await keyField.textContent()) ?? "").trim();
    expect((await snippet.inputValue()).includes(`data-key="${key}"`)).toBeTruthy();
    await expect(dialog.getByTestId("identity-secret")).not.toBeEmpty();
    await expect(dialog.getByTestId("enforce-identity")).not.toBeChecked();

    // A new greeting shows in the preview as it is typed, and reaches the widget once saved.
    const greeting = `Hi there, how can we help? ${Date.now()}`;
    await dialog.getByTestId("widget-greeting").fill(greeting);
    await expect(dialog.getByTestId("widget-preview")).toContainText(greeting);
    await dialog.getByTestId("widget-settings-save").click();
    await expect(dialog.getByTestId("widget-settings-saved")).toHaveText("Saved");
    await expect(dialog.getByRole("alert")).toHaveCount(0);
    expect((await widgetConfig(ada, key)).greeting).toBe(greeting);

    // The queue new chats land in is one of the queues, chosen already.
    const queueSelect = dialog.getByTestId("widget-queue");
    await expect(queueSelect.locator("option")).not.toHaveCount(0);
    const before = await widgetSettings(ada);
    if (before.queue_id !== null) {
      await expect(queueSelect).toHaveValue(String(before.queue_id));
    }

    // A new e-mail signature shows in its preview with the names filled in, and is stored once saved.
    const signatureField = dialog.getByTestId("widget-email-signature");
    await expect(signatureField).toHaveValue(DEFAULT_SIGNATURE);
    const signature = "{agent} at {company} — reply any time";
    await signatureField.fill(signature);
    await expect(dialog.getByTestId("widget-email-signature-preview")).toContainText("reply any time");
    await expect(dialog.getByTestId("widget-email-signature-preview")).not.toContainText("{agent}");
    await dialog.getByTestId("widget-settings-save").click();
    await expect(dialog.getByTestId("widget-settings-saved")).toHaveText("Saved");
    await expect(dialog.getByRole("alert")).toHaveCount(0);
    expect((await widgetSettings(ada)).email_signature).toBe(signature);

    // Back to the usual signature.
    await signatureField.fill(DEFAULT_SIGNATURE);
    await dialog.getByTestId("widget-settings-save").click();
    await expect(dialog.getByTestId("widget-settings-saved")).toHaveText("Saved");
    expect((await widgetSettings(ada)).email_signature).toBe(DEFAULT_SIGNATURE);

    // Back to how the demo widget was: the usual greeting.
    await dialog.getByTestId("widget-greeting").fill(DEFAULT_GREETING);
    await dialog.getByTestId("widget-settings-save").click();
    await expect(dialog.getByTestId("widget-settings-saved")).toHaveText("Saved");
    await expect(dialog.getByRole("alert")).toHaveCount(0);
    await expect(dialog.getByTestId("enforce-identity")).not.toBeChecked();
    expect((await widgetConfig(ada, key)).greeting).toBe(DEFAULT_GREETING);

    // The widget follows its queue's working hours, set in one place: Queues.
    await expect(dialog.getByTestId("widget-hours")).toContainText("at all hours");
    await dialog.getByTestId("widget-hours-in-queues").click();
    await expect(dialog).toHaveCount(0);
    const queues = ada.getByTestId("queues-dialog");
    const card = queues.locator(`[data-queue-id="${before.queue_id}"]`);
    // An unknown time zone is refused, and the dialog stays open with the reason.
    await card.getByTestId("queue-all-hours").uncheck();
    await card.getByTestId("queue-time-zone").fill("Mars/Olympus");
    await card.getByTestId("day-monday-open").check();
    await card.getByTestId("day-monday-opens").fill("09:00");
    await card.getByTestId("day-monday-closes").fill("17:00");
    await card.getByTestId("queue-save").click();
    await expect(queues.getByRole("alert")).toContainText("time zone");
    await expect(queues).toBeVisible();
    await expect(card.getByTestId("queue-saved")).not.toHaveText("Saved");
    // Nothing of the refused change was stored.
    expect((await widgetSettings(ada)).working_hours).toBeNull();

    // Back to answering at all hours.
    await card.getByTestId("queue-all-hours").check();
    await card.getByTestId("queue-save").click();
    await expect(card.getByTestId("queue-saved")).toHaveText("Saved");
    await expect(queues.getByRole("alert")).toHaveCount(0);
    await expect(card.getByTestId("queue-all-hours")).toBeChecked();
    expect((await widgetSettings(ada)).working_hours).toBeNull();
    await ada.keyboard.press("Escape");
    await expect(queues).toHaveCount(0);
  } finally {
    // Whatever happened above, later tests get the demo widget as it was.
    await ada.request.patch(new URL("/api/v1/settings/widget", ada.url()).href, {
      data: {
        greeting: DEFAULT_GREETING,
        enforce_identity: false,
        clear_working_hours: true,
        email_signature: DEFAULT_SIGNATURE,
      },
    });
  }
});

test("an agent who is not an admin has no Widget settings", async ({ browser }) => {
  const ben = await agentPage(browser, "ben@example.com");
  await expect(ben.getByTestId("me")).toBeVisible();
  await expect(ben.getByTestId("open-widget-settings")).toHaveCount(0);
  const response = await ben.request.get(new URL("/api/v1/settings/widget", ben.url()).href);
  expect(response.status()).toBe(403);
});
