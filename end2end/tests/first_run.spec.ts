import { test, expect, ownServer } from "./helpers";
import { ownPort } from "../playwright.config";

test("an empty install is set up through the UI alone: first admin, an invited agent, a queue that assigns by itself", async ({ browser }) => {
  const own = await ownServer(ownPort(4), false);
  const { base } = own;
  try {
    // The first visitor sets up the first admin.
    const admin = await (await browser.newContext({ baseURL: base })).newPage();
    await admin.goto(`${base}/`);
    await expect(admin).toHaveURL(/\/login$/);
    await expect(admin.getByTestId("first-admin")).toBeVisible();
    await admin.getByLabel("Your name").fill("Rosa Parks");
    await admin.getByLabel("E-mail").fill("rosa@example.com");
    await admin.getByLabel("Password (at least 8 characters)").fill("a long first password");
    await admin.getByRole("button", { name: "Create the first admin" }).click();
    await expect(admin.getByTestId("me")).toHaveText("Rosa Parks");
    await expect(admin.locator(".topbar .live-dot.online")).toBeVisible();

    // She invites an agent, who joins by the link in a browser of his own.
    await admin.getByTestId("open-admin").click();
    await admin.getByTestId("open-team").click();
    const team = admin.getByTestId("team-dialog");
    await team.getByTestId("invite-email").fill("ed@example.com");
    await team.getByTestId("invite-name").fill("Ed Nixon");
    await team.getByTestId("invite-submit").click();
    const link = await team.getByTestId("invitation-link").inputValue();
    expect(link).toContain("/join?token=");
    await admin.keyboard.press("Escape");

    const ed = await (await browser.newContext()).newPage();
    await ed.goto(link);
    await expect(ed.getByTestId("join-submit")).toBeEnabled();
    await ed.getByTestId("join-password").fill("eds own password");
    await ed.getByTestId("join-repeat").fill("eds own password");
    await ed.getByTestId("join-submit").click();
    await expect(ed.getByTestId("me")).toHaveText("Ed Nixon");
    await expect(ed.locator(".topbar .live-dot.online")).toBeVisible();

    // A queue with Ed in it, assigning round robin, takes the widget's chats.
    await admin.getByTestId("open-admin").click();
    await admin.getByTestId("open-queues").click();
    await admin.getByTestId("new-queue-name").fill("Front desk");
    await admin.getByTestId("create-queue").click();
    const queue = admin.getByTestId("queue").filter({ hasText: "Front desk" });
    await expect(queue).toBeVisible();
    const edId = (await (await admin.request.get(`${base}/api/v1/agents`)).json()).agents.find(
      (a: { email: string }) => a.email === "ed@example.com",
    ).id;
    await queue.getByTestId(`queue-member-${edId}`).check();
    await queue.getByTestId("queue-policy").selectOption("round_robin");
    await queue.getByTestId("queue-save").click();
    await expect(queue.getByTestId("queue-saved")).toBeVisible();
    await admin.keyboard.press("Escape");
    const setup = (await (await admin.request.get(`${base}/api/v1/queues/setup`)).json()).queues;
    const frontDesk = setup.find((q: { name: string }) => q.name === "Front desk");
    expect(frontDesk.members).toEqual([edId]);
    const change = await admin.request.patch(`${base}/api/v1/settings/widget`, { data: { queue_id: frontDesk.id } });
    expect(change.status()).toBe(200);

    // A customer writes: the conversation lands in Ed's Working On by itself.
    const key = /data-key="([^"]+)"/.exec(await (await fetch(`${base}/demo`)).text())![1];
    const session = await (await fetch(`${base}/api/v1/widget/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ widget_key: key, name: "Claudette" }),
    })).json();
    const hello = `Is the front desk open? ${Date.now()}`;
    const sent = await fetch(`${base}/api/v1/widget/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-contact-token": session.contact_token },
      body: JSON.stringify({ client_id: crypto.randomUUID(), body: hello }),
    });
    expect(sent.status).toBe(201);
    await ed.getByTestId("tab-working_on").click();
    const row = ed.getByTestId("conversation-row").filter({ hasText: hello });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await row.click();
    await expect(ed.getByTestId("timeline")).toContainText("Automation");
  } finally {
    await own.remove();
  }
});
