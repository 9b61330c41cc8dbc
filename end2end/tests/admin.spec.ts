import { type Page } from "@playwright/test";
import { test, expect, agentPage } from "./helpers";

// Nothing listens there: deliveries to it fail, which is fine for a moment.
const HOOK_URL = "http://127.0.0.1:9/hook";

function api(page: Page, path: string): string {
  return new URL(path, page.url()).href;
}

async function me(page: Page) {
  const response = await page.request.get(api(page, "/api/v1/me"));
  expect(response.ok()).toBeTruthy();
  return response.json();
}

test("an agent sets themselves away, it stays after a reload, and they come back online", async ({ browser }) => {
  const ben = await agentPage(browser, "ben@example.com");
  try {
    const select = ben.getByTestId("availability");
    await expect(select).toBeVisible();

    await select.selectOption("away");
    await expect(ben.locator(".topbar .availability-dot.away")).toBeVisible();
    await expect.poll(async () => (await me(ben)).availability).toBe("away");

    // After a reload the top bar starts from what was saved.
    await ben.reload();
    await expect(ben.getByTestId("me")).toBeVisible();
    await expect(ben.locator(".topbar .live-dot.online")).toBeVisible();
    await expect(ben.getByTestId("availability")).toHaveValue("away");
    await expect(ben.locator(".topbar .availability-dot.away")).toBeVisible();
    expect((await me(ben)).availability).toBe("away");

    // Back online: later tests need Ben to take conversations.
    await ben.getByTestId("availability").selectOption("online");
    await expect(ben.locator(".topbar .availability-dot.online")).toBeVisible();
    await expect.poll(async () => (await me(ben)).availability).toBe("online");
  } finally {
    await ben.request.put(api(ben, "/api/v1/me/availability"), { data: { availability: "online" } });
  }
});

test("an admin creates a queue, puts an agent in it and turns on round robin", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const agents = (await (await ada.request.get(api(ada, "/api/v1/agents"))).json()).agents as Array<{
    id: number;
    email: string;
  }>;
  const ben = agents.find((a) => a.email === "ben@example.com");
  expect(ben).toBeTruthy();
  const benId = ben!.id;
  const name = `Returns ${Date.now()}`;

  await ada.getByTestId("open-admin").click();

  await ada.getByTestId("open-queues").click();
  const dialog = ada.getByTestId("queues-dialog");
  await expect(dialog).toBeVisible();

  await dialog.getByTestId("new-queue-name").fill(name);
  await dialog.getByTestId("create-queue").click();
  const card = dialog.getByTestId("queue").filter({ hasText: name });
  await expect(card).toHaveCount(1);
  await expect(dialog.getByTestId("new-queue-name")).toHaveValue("");
  await expect(card.getByTestId("queue-policy")).toHaveValue("off");

  await card.getByTestId(`queue-member-${benId}`).check();
  await card.getByTestId("queue-policy").selectOption("round_robin");
  await expect(card.getByTestId("queue-hand-back")).toBeVisible();
  // The new queue answers on Mondays, nine to five, Berlin time.
  await expect(card.getByTestId("queue-all-hours")).toBeChecked();
  await card.getByTestId("queue-all-hours").uncheck();
  await card.getByTestId("queue-time-zone").fill("Europe/Berlin");
  await card.getByTestId("day-monday-open").check();
  await card.getByTestId("day-monday-opens").fill("09:00");
  await card.getByTestId("day-monday-closes").fill("17:00");
  await card.getByTestId("queue-save").click();
  await expect(card.getByTestId("queue-saved")).toHaveText("Saved");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await expect(card.getByTestId(`queue-member-${benId}`)).toBeChecked();
  await expect(card.getByTestId("queue-policy")).toHaveValue("round_robin");
  await expect(card.getByTestId("queue-all-hours")).not.toBeChecked();
  await expect(card.getByTestId("queue-time-zone")).toHaveValue("Europe/Berlin");

  const response = await ada.request.get(api(ada, "/api/v1/queues/setup"));
  expect(response.ok()).toBeTruthy();
  const queues = (await response.json()).queues as Array<{
    name: string;
    assignment_policy: string;
    members: number[];
    working_hours: {
      time_zone: string;
      openings: Array<{ day: string; opens: string; closes: string }>;
      holidays: string[];
    } | null;
  }>;
  const queue = queues.find((q) => q.name === name);
  expect(queue).toBeTruthy();
  expect(queue!.assignment_policy).toBe("round_robin");
  expect(queue!.members).toContain(benId);
  expect(queue!.working_hours).toBeTruthy();
  expect(queue!.working_hours!.time_zone).toBe("Europe/Berlin");
  expect(queue!.working_hours!.openings).toEqual([{ day: "monday", opens: "09:00", closes: "17:00" }]);

  await ada.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
});

test("an admin adds a webhook, sees its secret and delivery log, and deletes it", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  try {
    await ada.getByTestId("open-admin").click();
    await ada.getByTestId("open-webhooks").click();
    const dialog = ada.getByTestId("webhooks-dialog");
    await expect(dialog).toBeVisible();

    await dialog.getByTestId("new-webhook-url").fill(HOOK_URL);
    await dialog.getByTestId("add-webhook").click();
    const hook = dialog.getByTestId("webhook").filter({ hasText: HOOK_URL });
    await expect(hook).toHaveCount(1);
    await expect(dialog.getByRole("alert")).toHaveCount(0);
    await expect(hook.getByTestId("webhook-url")).toHaveText(HOOK_URL);
    await expect(hook.getByTestId("webhook-secret")).toHaveValue(/^whsec_/);
    await expect(hook.getByTestId("webhook-active")).toBeChecked();

    // Paused, it stays listed as paused.
    await hook.getByTestId("webhook-active").uncheck();
    await expect
      .poll(async () => {
        const list = (await (await ada.request.get(api(ada, "/api/v1/webhooks"))).json()).webhooks;
        return list.find((w: { url: string }) => w.url === HOOK_URL)?.active;
      })
      .toBe(false);

    // Its delivery log opens (and refreshes).
    await hook.getByTestId("webhook-log-toggle").click();
    await expect(hook.getByTestId("webhook-deliveries")).toBeVisible();
    await hook.getByTestId("webhook-log-refresh").click();
    await expect(hook.getByTestId("webhook-deliveries")).toBeVisible();

    await hook.getByTestId("webhook-delete").click();
    // Deleting asks first: nothing happens until confirmed.
    await expect(hook).toHaveCount(1);
    await hook.getByTestId("webhook-delete-confirm").click();
    await expect(hook).toHaveCount(0);
    await expect(dialog.getByRole("alert")).toHaveCount(0);
    const left = (await (await ada.request.get(api(ada, "/api/v1/webhooks"))).json()).webhooks;
    expect(left.some((w: { url: string }) => w.url === HOOK_URL)).toBeFalsy();

    await ada.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  } finally {
    // Whatever happened above, no webhook to the dead address stays behind.
    const response = await ada.request.get(api(ada, "/api/v1/webhooks"));
    if (response.ok()) {
      for (const w of (await response.json()).webhooks as Array<{ id: number; url: string }>) {
        if (w.url === HOOK_URL) {
          await ada.request.delete(api(ada, `/api/v1/webhooks/${w.id}`));
        }
      }
    }
  }
});
