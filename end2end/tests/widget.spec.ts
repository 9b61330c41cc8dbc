import { type Browser, type Page, type FrameLocator, type APIRequestContext } from "@playwright/test";
import { createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test, expect, agentPage, hostWidget, ownServer, PASSWORD } from "./helpers";
import { hostPort, maildir, ownPort } from "../playwright.config";

const hostSite = `http://127.0.0.1:${hostPort}/`;

/** An admin's API session, for reading and changing the widget settings. */
async function asAdmin(request: APIRequestContext, base = "") {
  const login = await request.post(`${base}/api/v1/auth/login`, {
    data: { email: "ada@example.com", password: PASSWORD },
  });
  expect(login.status()).toBe(200);
  return {
    settings: async () => {
      const response = await request.get(`${base}/api/v1/settings/widget`);
      expect(response.status()).toBe(200);
      return response.json();
    },
    change: async (change: object) => {
      const response = await request.patch(`${base}/api/v1/settings/widget`, { data: change });
      expect(response.status(), await response.text()).toBe(200);
    },
  };
}

async function say(widget: FrameLocator, text: string) {
  await widget.getByTestId("widget-input").fill(text);
  await widget.getByRole("button", { name: "Send" }).click();
}

test("a customer on another company's site chats with an agent, and a reload keeps the history", async ({ browser, baseURL, request }) => {
  const admin = await asAdmin(request);
  const { widget_key: key } = await admin.settings();
  const ben = await agentPage(browser, "ben@example.com");
  await ben.getByTestId("tab-pending").click();

  const { site, widget } = await hostWidget(browser, baseURL!, key);
  // The chat runs in Switchboard's origin, the page in the host's.
  expect(new URL(site.url()).origin).not.toBe(new URL(baseURL!).origin);
  await expect(widget.locator(".widget .live-dot.online")).toBeVisible();
  const hello = `Do you sell gift cards? ${Date.now()}`;
  await say(widget, hello);
  await expect(widget.getByTestId("widget-message").filter({ hasText: hello })).toBeVisible();

  const row = ben.getByTestId("conversation-row").filter({ hasText: hello });
  await expect(row).toBeVisible();
  await row.click();
  await ben.getByTestId("accept").click();
  // The customer sees the agent typing, then the answer and who gives it.
  await ben.getByTestId("composer").pressSequentially("Yes");
  await expect(widget.getByTestId("widget-typing")).toContainText("Ben Okafor is typing");
  const reply = `Yes, from 10 to 500 euros (${Date.now()})`;
  await ben.getByTestId("composer").fill(reply);
  await ben.getByTestId("composer").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: reply })).toBeVisible();
  await expect(widget.getByTestId("widget-operator")).toHaveText("Ben Okafor is answering");

  // The host page changed: recorded in the conversation's history.
  await site.locator("#next-page").click();
  await expect(ben.getByTestId("timeline")).toContainText("is on Another company's site");

  // The chat was closed by the page change; while closed, answers are counted on the launcher.
  const later = `Anything else? (${Date.now()})`;
  await ben.getByTestId("composer").fill(later);
  await ben.getByTestId("composer").press("Enter");
  await expect(site.locator("#switchboard-unread")).toHaveText("1");
  await site.locator("#switchboard-launcher").click();
  const reopened = site.frameLocator("#switchboard-frame");
  // The history came back with the contact token kept in the host's storage.
  for (const text of [hello, reply, later]) {
    await expect(reopened.getByTestId("widget-message").filter({ hasText: text })).toBeVisible();
  }
  await expect(site.locator("#switchboard-unread")).toBeHidden();
  await site.reload();
  await site.locator("#switchboard-launcher").click();
  await expect(site.frameLocator("#switchboard-frame").getByTestId("widget-message").filter({ hasText: hello })).toBeVisible();
});

test("an unsigned session cannot claim a verified customer", async ({ browser, baseURL, request }) => {
  const admin = await asAdmin(request);
  const { widget_key: key, identity_secret: secret } = await admin.settings();
  const ada = await agentPage(browser, "ada@example.com");
  await admin.change({ enforce_identity: true });
  try {
    const id = `customer-${Date.now()}`;
    const hash = createHmac("sha256", secret).update(id).digest("hex");
    const verified = await hostWidget(browser, baseURL!, key, { identifier: id, "identifier-hash": hash, name: "Grace Hopper" });
    const secretWords = `my account number is ${Date.now()}`;
    await say(verified.widget, secretWords);
    await expect(verified.widget.getByTestId("widget-message").filter({ hasText: secretWords })).toBeVisible();

    // The same customer on another device (a fresh browser) sees their history.
    const other = await hostWidget(browser, baseURL!, key, { identifier: id, "identifier-hash": hash });
    await expect(other.widget.getByTestId("widget-message").filter({ hasText: secretWords })).toBeVisible();

    // Someone claiming the id without the signature is refused, and sees nothing.
    const forged = await hostWidget(browser, baseURL!, key, { identifier: id, "identifier-hash": "00".repeat(32) });
    await expect(forged.widget.getByRole("alert")).toContainText("identity could not be verified");
    await expect(forged.widget.getByTestId("widget-message")).toHaveCount(0);
    const unsigned = await hostWidget(browser, baseURL!, key, { identifier: id });
    await expect(unsigned.widget.getByRole("alert")).toContainText("identity could not be verified");
    await expect(unsigned.widget.getByTestId("widget-message")).toHaveCount(0);
    await ada.close();
  } finally {
    await admin.change({ enforce_identity: false });
  }
});

test("outside working hours the offline form makes a ticket, and the agent's reply is e-mailed", async ({ browser, baseURL, request }) => {
  const admin = await asAdmin(request);
  const { widget_key: key } = await admin.settings();
  const ben = await agentPage(browser, "ben@example.com");
  // Holidays are days in the working hours' own time zone, not in UTC (at
  // 23:30 UTC it is already tomorrow in Berlin); tomorrow too, so a run
  // across midnight stays closed.
  const berlinDay = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(at);
  const today = berlinDay(new Date());
  const tomorrow = berlinDay(new Date(Date.now() + 24 * 3600 * 1000));
  const everyDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((day) => ({
    day,
    opens: "00:00",
    closes: "23:59",
  }));
  await admin.change({
    working_hours: { time_zone: "Europe/Berlin", openings: everyDay, holidays: [today, tomorrow] },
    offline_message: "We're closed today. Leave a message and we'll e-mail you.",
  });
  try {
    const { widget } = await hostWidget(browser, baseURL!, key);
    await expect(widget.getByTestId("widget-offline")).toContainText("We're closed today");
    const question = `Can I return shoes after 30 days? ${Date.now()}`;
    await widget.getByTestId("widget-email").fill("pat@example.net");
    await widget.getByTestId("widget-offline-input").fill(question);
    await widget.getByRole("button", { name: "Leave a message" }).click();
    await expect(widget.getByTestId("widget-message").filter({ hasText: question })).toBeVisible();
    await expect(widget.getByTestId("widget-offline-sent")).toContainText("pat@example.net");

    // The ticket waits in Pending; the agent answers it.
    await ben.getByTestId("tab-pending").click();
    const row = ben.getByTestId("conversation-row").filter({ hasText: question });
    await expect(row).toBeVisible();
    await row.click();
    await expect(ben.getByTestId("by-email")).toBeVisible();
    // Hovering the message names the channel it came by.
    await expect(ben.getByTestId("message").filter({ hasText: question })).toHaveAttribute("title", / via e-mail · sent /);
    await ben.getByTestId("accept").click();
    const answer = `Yes, within 60 days (${Date.now()})`;
    await ben.getByTestId("composer").fill(answer);
    await ben.getByTestId("composer").press("Enter");
    await expect(ben.getByTestId("timeline")).toContainText(answer);

    // The answer reaches the SMTP server, addressed to the customer, with
    // a signed reply address.
    let mail = "";
    await expect
      .poll(
        () => {
          const box = join(maildir, "new");
          if (!existsSync(box)) return false;
          mail = readdirSync(box)
            .map((name) => readFileSync(join(box, name), "utf8"))
            .find((text) => text.includes(answer)) ?? "";
          return mail !== "";
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(mail).toMatch(/^To: .*pat@example\.net/m);
    expect(mail).toMatch(/^Reply-To: .*reply\+\d+\.[0-9a-f]{20}@northwind\.test/m);

    // The customer's mail server bounces it: the reply shows as not
    // delivered, with the server's reason, live in the pane.
    const messageId = /^Message-ID: (<[^>]+>)/im.exec(mail)![1];
    const bounce = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
      "To: support@northwind.test",
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: <bounce-${Date.now()}@mx.example.net>`,
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      "",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Final-Recipient: rfc822; pat@example.net",
      "Action: failed",
      "Status: 5.2.2",
      "Diagnostic-Code: smtp; 552 5.2.2 pat@example.net: mailbox full",
      "--b",
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${messageId}`,
      "--b--",
      "",
    ].join("\r\n");
    const bounced = await request.post("/api/v1/inbound/email", {
      headers: { "Content-Type": "message/rfc822" },
      data: bounce,
    });
    expect(bounced.status()).toBe(202);
    const reply = ben.getByTestId("message").filter({ hasText: answer });
    await expect(reply.getByTestId("mail-state")).toHaveText("✉ Not delivered");
    await expect(reply.getByTestId("mail-failure")).toContainText("552 5.2.2 pat@example.net: mailbox full");
  } finally {
    await admin.change({ clear_working_hours: true, offline_message: "We're away right now. Leave your e-mail address and message, and we'll answer by e-mail." });
  }
});

test("the server restarts mid-conversation and nothing is lost or doubled", async ({ browser }) => {
  // A server of this test's own, to stop and start.
  const own = await ownServer(ownPort(2), true);
  const { base, start, stop } = own;
  try {
    const agentContext = await browser.newContext({ baseURL: base });
    const ben = await agentContext.newPage();
    await ben.goto(`${base}/login`);
    await ben.getByLabel("E-mail").fill("ben@example.com");
    await ben.getByLabel("Password").fill(PASSWORD);
    await ben.getByRole("button", { name: "Log in" }).click();
    await expect(ben.locator(".topbar .live-dot.online")).toBeVisible();
    await ben.getByTestId("mode-inbox").click();
    await ben.getByTestId("tab-pending").click();

    const key = /data-key="([^"]+)"/.exec(await (await fetch(`${base}/demo`)).text())![1];
    const { widget } = await hostWidget(browser, base, key);
    const first = `Before the restart ${Date.now()}`;
    await say(widget, first);
    await expect(widget.getByTestId("widget-message").filter({ hasText: first })).toBeVisible();

    await stop();
    await expect(widget.locator(".widget .live-dot.online")).toBeHidden();
    // Written while the server is down: kept in the outbox, shown as sending.
    const during = `During the restart ${Date.now()}`;
    await say(widget, during);
    await expect(widget.getByTestId("widget-outgoing").filter({ hasText: during })).toBeVisible();

    await start();
    await expect(widget.getByTestId("widget-message").filter({ hasText: during })).toBeVisible({ timeout: 20_000 });
    await expect(widget.getByTestId("widget-outgoing")).toHaveCount(0);
    await expect(widget.getByTestId("widget-message").filter({ hasText: during })).toHaveCount(1);

    // The agent has both, once each.
    await ben.reload();
    await ben.getByTestId("tab-pending").click();
    const row = ben.getByTestId("conversation-row").filter({ hasText: during });
    await expect(row).toBeVisible();
    await row.click();
    await expect(ben.getByTestId("timeline").getByText(first)).toHaveCount(1);
    await expect(ben.getByTestId("timeline").getByText(during)).toHaveCount(1);
  } finally {
    await own.remove();
  }
});

/** Console errors and uncaught exceptions of a page, as they happen. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

test("on a company's own site the launcher looks as the admin set it, and nothing private is readable from there", async ({ browser, baseURL, request }) => {
  const admin = await asAdmin(request);
  const { widget_key: key, color: oldColor, position: oldPosition } = await admin.settings();
  try {
    // Ada sets green, on the left, in Widget settings.
    const ada = await agentPage(browser, "ada@example.com");
    await ada.getByTestId("open-admin").click();
    await ada.getByTestId("open-widget-settings").click();
    const dialog = ada.getByTestId("widget-settings-dialog");
    await dialog.getByTestId("widget-color").fill("#16a34a");
    await dialog.getByTestId("widget-position").selectOption("left");
    await expect(dialog.getByTestId("widget-preview")).toHaveClass(/left/);
    await dialog.getByTestId("widget-settings-save").click();
    await expect(dialog.getByTestId("widget-settings-saved")).toHaveText("Saved");
    await ada.close();

    const site = await (await browser.newContext()).newPage();
    const errors = consoleErrors(site);
    await site.goto(`${hostSite}?${new URLSearchParams({ server: baseURL!, key })}`);
    const launcher = site.locator("#switchboard-launcher");
    // Green, on the left: the config was read across origins.
    await expect(launcher).toHaveCSS("background-color", "rgb(22, 163, 74)");
    await expect(launcher).toHaveCSS("left", "20px");
    await launcher.click();
    const widget = site.frameLocator("#switchboard-frame");
    await expect(widget.getByTestId("widget")).toBeVisible();
    await expect(site.locator("#switchboard-frame")).toHaveCSS("left", "20px");
    // After a reload, the same.
    await site.reload();
    await expect(site.locator("#switchboard-launcher")).toHaveCSS("background-color", "rgb(22, 163, 74)");
    await expect(site.locator("#switchboard-launcher")).toHaveCSS("left", "20px");
    expect(errors).toEqual([]);

    // The host page can read the public config, but nothing that needs a
    // contact token or an agent's cookie.
    const reads = await site.evaluate(async (server) => {
      const attempt = (path: string, init: RequestInit) =>
        fetch(server + path, init).then((r) => `read ${r.status}`, () => "refused");
      return {
        config: await attempt(`/api/v1/widget/config?key=x`, {}),
        messages: await attempt("/api/v1/widget/messages", { headers: { "X-Contact-Token": "t" } }),
        session: await attempt("/api/v1/widget/session", { headers: { "X-Contact-Token": "t" } }),
        me: await attempt("/api/v1/me", { credentials: "include" }),
      };
    }, baseURL!);
    expect(reads).toEqual({ config: "read 404", messages: "refused", session: "refused", me: "refused" });
    await site.close();

    // The demo shop on Switchboard's own origin loads without an error too.
    const shop = await (await browser.newContext()).newPage();
    const shopErrors = consoleErrors(shop);
    await shop.goto("/demo");
    await expect(shop.locator("#switchboard-launcher")).toHaveCSS("left", "20px");
    await shop.locator("#switchboard-launcher").click();
    await expect(shop.frameLocator("#switchboard-frame").getByTestId("widget")).toBeVisible();
    await shop.waitForLoadState("networkidle");
    expect(shopErrors).toEqual([]);
    await shop.close();
  } finally {
    await admin.change({ color: oldColor, position: oldPosition });
  }
});
