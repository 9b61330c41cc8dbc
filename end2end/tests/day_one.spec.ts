// A team's first day: the faults that lost conversations and sentences,
// each tried as agents and customers would (several browsers at once).
import { type Browser, type Page, type FrameLocator, type Locator } from "@playwright/test";
import { test, expect, agentPage, customerWidget, customerSays, ownServer, PASSWORD } from "./helpers";
import { ownPort } from "../playwright.config";

/** A customer's new conversation, accepted by `agent` and open in their pane. */
async function acceptedConversation(agent: Page, widget: FrameLocator, text: string) {
  await customerSays(widget, text);
  await agent.getByTestId("mode-inbox").click();
  await agent.getByTestId("tab-pending").click();
  await agent.getByTestId("conversation-row").filter({ hasText: text }).click();
  await agent.getByTestId("accept").click();
  await expect(agent.getByTestId("status")).toContainText("Working on");
}

/** How far a scrolling list is from its bottom, in pixels. */
async function fromBottom(list: Locator): Promise<number> {
  return list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

/** Logs in on a server of a test's own. */
async function logIn(browser: Browser, base: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: base })).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator(".topbar .live-dot.online")).toBeVisible();
  return page;
}

/** The demo shop of a server of a test's own, with the chat open. */
async function shopWidget(browser: Browser, base: string): Promise<{ shop: Page; widget: FrameLocator }> {
  const shop = await (await browser.newContext()).newPage();
  await shop.goto(`${base}/demo`);
  await shop.locator("#switchboard-launcher").click();
  const widget = shop.frameLocator("#switchboard-frame");
  await expect(widget.getByTestId("widget")).toBeVisible();
  return { shop, widget };
}

test("typing on after Enter goes into the reply, never into shortcuts, and a resolve can be undone", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const { widget } = await customerWidget(browser);
  const question = `Where are my two parcels? ${Date.now()}`;
  await acceptedConversation(ada, widget, question);

  // The agent answers and keeps typing at once, as people do.
  const composer = ada.getByTestId("composer");
  await composer.click();
  await ada.keyboard.type("Sorry for the wait.");
  await ada.keyboard.press("Enter");
  await ada.keyboard.type("one refund is on its way, the other parcel arrives Friday");
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue("one refund is on its way, the other parcel arrives Friday");
  await expect(ada.getByTestId("status")).toContainText("Working on");
  await expect(ada.getByTestId("transfer-dialog")).toHaveCount(0);
  await ada.keyboard.press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "the other parcel arrives Friday" })).toBeVisible();
  await expect(composer).toBeFocused();

  // A resolve by mistake (Escape leaves the box, e resolves) is one click away from undone.
  await ada.keyboard.press("Escape");
  await ada.keyboard.press("e");
  await expect(ada.getByTestId("status")).toContainText("Resolved by Ada Lovelace");
  await expect(ada.getByTestId("undo-offer")).toContainText("Resolved");
  await ada.getByTestId("undo-resolve").click();
  await expect(ada.getByTestId("status")).toHaveText("Working on · Ada Lovelace");
  await expect(ada.getByTestId("tab-working_on")).toHaveAttribute("aria-selected", "true");
});

test("picking a colleague from the mention list keeps the focus in the message, by mouse or keyboard", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const { widget } = await customerWidget(browser);
  const waiting = `A pending question ${Date.now()}`;
  await customerSays(widget, waiting);
  await ada.getByTestId("mode-chat").click();
  await ada.getByTestId("channel-row").filter({ hasText: "general" }).click();
  const box = ada.getByTestId("chat-composer");
  await box.click();

  // "@Ch" then Enter picks Chloé: nothing half-typed is sent.
  await ada.keyboard.type("@Ch");
  const list = ada.getByTestId("mention-suggestions");
  await expect(list).toHaveAttribute("role", "listbox");
  await expect(list.getByRole("option")).toHaveText(["@Chloé Martin"]);
  await ada.keyboard.press("Enter");
  await expect(box).toHaveValue("@Chloé Martin ");
  await expect(box).toBeFocused();
  // The next sentence goes into the message: no accept, no inbox, no Transfer.
  await ada.keyboard.type("can you take the pending one? g a t");
  await expect(box).toHaveValue("@Chloé Martin can you take the pending one? g a t");
  await expect(ada.getByTestId("channel-pane")).toBeVisible();

  // By mouse: the same.
  await ada.keyboard.type(" @");
  await list.getByRole("option", { name: "@Ben Okafor" }).click();
  await expect(box).toBeFocused();
  await ada.keyboard.type("too");
  await expect(box).toHaveValue("@Chloé Martin can you take the pending one? g a t @Ben Okafor too");
  await ada.keyboard.press("Enter");
  await expect(ada.getByTestId("chat-timeline")).toContainText("can you take the pending one? g a t @Ben Okafor too");
  await expect(box).toHaveValue("");
  await ada.getByTestId("mode-inbox").click();
  await ada.getByTestId("tab-pending").click();
  await expect(ada.getByTestId("conversation-row").filter({ hasText: waiting })).toContainText("Unassigned");
});

test("both sides follow the newest message, keep their place when scrolled up, and say what arrived below", async ({ browser }) => {
  // Some forty round trips between the widget and two agents: on a loaded
  // two-core machine this takes longer than the usual budget.
  test.setTimeout(120_000);
  const ada = await agentPage(browser, "ada@example.com");
  const { widget } = await customerWidget(browser);
  const first = `Six questions ${Date.now()}`;
  await acceptedConversation(ada, widget, first);
  const timeline = ada.getByTestId("timeline");
  const widgetList = widget.getByTestId("widget-messages");

  for (let i = 2; i <= 6; i++) await customerSays(widget, `question ${i} of six, with a few more words to take room`);
  await expect(timeline.getByTestId("message").filter({ hasText: "question 6 of six" })).toBeVisible();
  await expect.poll(() => fromBottom(widgetList)).toBeLessThan(4);
  await expect.poll(() => fromBottom(timeline)).toBeLessThan(4);

  for (let i = 7; i <= 20; i++) await customerSays(widget, `question ${i} of twenty, with a few more words to take room`);
  await expect(timeline.getByTestId("message").filter({ hasText: "question 20 of twenty" })).toBeVisible();
  await expect.poll(() => fromBottom(widgetList)).toBeLessThan(4);
  await expect.poll(() => fromBottom(timeline)).toBeLessThan(4);
  await expect(ada.getByTestId("conversation-pane").getByTestId("new-below")).toBeHidden();

  // The agent scrolls up to read: a new message leaves them there and says so.
  await timeline.evaluate((el) => (el.scrollTop = 0));
  await customerSays(widget, "question 21, while Ada reads above");
  await expect(ada.getByTestId("conversation-pane").getByTestId("new-below")).toHaveText("New messages (1) ↓");
  expect(await timeline.evaluate((el) => el.scrollTop)).toBeLessThan(50);
  await ada.getByTestId("conversation-pane").getByTestId("new-below").click();
  await expect.poll(() => fromBottom(timeline)).toBeLessThan(4);
  await expect(ada.getByTestId("conversation-pane").getByTestId("new-below")).toBeHidden();

  // The customer scrolls up too: the agent's answers wait below, counted.
  await widgetList.evaluate((el) => (el.scrollTop = 0));
  await ada.getByTestId("composer").fill("Answer one");
  await ada.getByTestId("composer").press("Enter");
  await ada.getByTestId("composer").fill("Answer two");
  await ada.getByTestId("composer").press("Enter");
  await expect(widget.getByTestId("new-below")).toHaveText("New messages (2) ↓");
  expect(await widgetList.evaluate((el) => el.scrollTop)).toBeLessThan(50);
  await widget.getByTestId("new-below").click();
  await expect.poll(() => fromBottom(widgetList)).toBeLessThan(4);

  // Handed to Ben with a note: it opens at the bottom, the note in sight.
  await ada.getByTestId("transfer").click();
  const dialog = ada.getByTestId("transfer-dialog");
  await dialog.getByTestId("staff-filter").fill("ben");
  await dialog.getByLabel("Ben Okafor").check();
  await dialog.getByTestId("transfer-note").fill("Ben: the refund for parcel two is yours");
  await dialog.getByTestId("transfer-submit").click();
  await expect(dialog).toHaveCount(0);
  const ben = await agentPage(browser, "ben@example.com");
  await ben.getByTestId("conversation-row").filter({ hasText: "Answer two" }).click();
  const note = ben.getByTestId("timeline").getByTestId("message").filter({ hasText: "the refund for parcel two is yours" });
  await expect(note).toBeInViewport();
  // At the bottom, or as near as the first unread entry's margin above it
  // lets it be (8 px): it opens at the first message Ben has not read.
  await expect.poll(() => fromBottom(ben.getByTestId("timeline"))).toBeLessThanOrEqual(8);
});

test("the browser tab counts unread conversations, and one opened again starts at the first message not read, under the New Messages line", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const { widget } = await customerWidget(browser);
  const first = `Read before ${Date.now()}`;
  await acceptedConversation(ada, widget, first);
  const timeline = ada.getByTestId("timeline");
  await expect(timeline.getByTestId("message").filter({ hasText: first })).toBeVisible();

  // Ada is in the team chat while the customer writes on.
  await ada.getByTestId("mode-chat").click();
  for (let i = 1; i <= 18; i++) await customerSays(widget, `unread line ${i}, written while Ada was away, with a few more words to take room`);
  // Her browser tab says that conversations wait unread.
  await expect(ada).toHaveTitle(/^\(\d+\) Inbox · Switchboard$/);

  await ada.getByTestId("mode-inbox").click();
  await ada.getByTestId("tab-working_on").click();
  await ada.getByTestId("conversation-row").filter({ hasText: "unread line 18" }).click();
  const line = timeline.getByTestId("new-messages");
  await expect(line).toBeInViewport();
  await expect(line).toHaveText("New Messages");
  await expect(timeline.getByTestId("message").filter({ hasText: "unread line 1," })).toBeInViewport();
  // Not at the bottom: what comes after is below, to read on.
  await expect(timeline.getByTestId("message").filter({ hasText: "unread line 18" })).not.toBeInViewport();
  expect(await fromBottom(timeline)).toBeGreaterThan(100);
});

test("a follow-up after a resolve shows where it comes from, tells who helped, and the customer reads one history", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const { widget } = await customerWidget(browser);
  const stamp = Date.now();
  await acceptedConversation(ada, widget, `My order is late ${stamp}`);
  await ada.getByTestId("composer").fill(`Your refund is on its way ${stamp}`);
  await ada.getByTestId("composer").press("Enter");
  await ada.getByTestId("resolve").click();
  await expect(ada.getByTestId("status")).toContainText("Resolved by Ada Lovelace");
  // The customer is told.
  await expect(widget.getByTestId("widget-resolved")).toBeVisible();
  await expect(widget.getByTestId("widget-operator")).toHaveText("We usually reply in a few minutes");
  const first = Number(await ada.getByTestId("conversation-pane").locator(".pane-header h2 .muted").textContent().then((t) => t!.replace(/\D/g, "")));

  // She writes again: a new conversation, and Ada, who helped, hears of it.
  await customerSays(widget, `And where is my second parcel? ${stamp}`);
  await expect(widget.getByTestId("widget-resolved")).toHaveCount(0);
  const notice = ada.getByTestId("notice").filter({ hasText: `continues #${first}` });
  await expect(notice).toBeVisible();
  await notice.click();
  const previous = ada.getByTestId("previous-conversation");
  await expect(previous).toContainText(`Continues #${first}`);
  await expect(previous).toContainText("resolved by Ada Lovelace");
  await expect(previous).toContainText(`Your refund is on its way ${stamp}`);
  const second = Number(await ada.getByTestId("conversation-pane").locator(".pane-header h2 .muted").textContent().then((t) => t!.replace(/\D/g, "")));
  expect(second).toBeGreaterThan(first);

  // Ben opens the old one: reopening is refused naming the new one (409), with a link to it.
  await ben.getByTestId("inbox-search").fill(`#${first}`);
  await ben.getByTestId("inbox-search").press("Enter");
  await expect(ben.getByTestId("status")).toContainText("Resolved");
  const refused = ben.waitForResponse((r) => r.url().includes("/rpc/reopen_conversation"));
  await ben.getByTestId("reopen").click();
  expect((await refused).status()).toBe(409);
  const banner = ben.locator(".form-error.banner");
  await expect(banner).toContainText(`#${second}`);
  await banner.getByTestId("conversation-link").click();
  await expect(ben.getByTestId("conversation-pane").locator(".pane-header h2")).toContainText(`#${second}`);
  // Answering in the resolved one is refused the same way, and nothing is lost.
  await ben.getByTestId("inbox-search").fill(`#${first}`);
  await ben.getByTestId("inbox-search").press("Enter");
  await expect(ben.getByTestId("composer-note")).toContainText("Replying reopens");
  await ben.getByTestId("composer").fill("A late answer here");
  await ben.getByTestId("composer").press("Enter");
  await expect(ben.getByTestId("outgoing")).toContainText(`#${second}`);

  // Ada answers in the new one; the widget shows one history, in time order.
  await ada.getByTestId("accept").click();
  await ada.getByTestId("composer").fill(`Checking the second parcel ${stamp}`);
  await ada.getByTestId("composer").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Checking the second parcel" })).toBeVisible();
  const order = [`My order is late ${stamp}`, `Your refund is on its way ${stamp}`, `And where is my second parcel? ${stamp}`, `Checking the second parcel ${stamp}`];
  const shown = async (w: FrameLocator) => (await w.getByTestId("widget-message").allTextContents()).map((t) => order.findIndex((o) => t.includes(o))).filter((i) => i >= 0);
  expect(await shown(widget)).toEqual([0, 1, 2, 3]);
  // After a reload too (the history is read from the server).
  const shop = widget.owner().page();
  await shop.reload();
  await shop.locator("#switchboard-launcher").click();
  const again = shop.frameLocator("#switchboard-frame");
  await expect(again.getByTestId("widget-message").filter({ hasText: "Checking the second parcel" })).toBeVisible();
  expect(await shown(again)).toEqual([0, 1, 2, 3]);
});

test("logging in opens the shop, and the widget says at every moment whether anyone is there", async ({ browser }) => {
  const own = await ownServer(ownPort(6), true);
  try {
    const base = own.base;
    let ben = await logIn(browser, base, "ben@example.com");
    await expect(ben.getByTestId("availability")).toHaveValue("online");
    const { widget } = await shopWidget(browser, base);
    await expect(widget.locator(".widget-header .live-dot.online")).toBeVisible();
    await expect(widget.getByTestId("widget-operator")).toHaveText("We usually reply in a few minutes");
    await widget.getByTestId("widget-input").fill("Hello, is anyone there?");
    await widget.getByTestId("widget-input").press("Enter");
    await expect(widget.getByTestId("widget-message").filter({ hasText: "is anyone there" })).toBeVisible();

    // Ben goes away: the customer mid-chat is told at once, and offered e-mail.
    await ben.getByTestId("availability").selectOption("away");
    await expect(widget.getByTestId("widget-away-notice")).toBeVisible();
    await expect(widget.getByTestId("widget-offline")).toBeVisible();
    await expect(widget.getByTestId("widget-operator")).toHaveText("We're away right now · we answer by e-mail");
    await expect(widget.locator(".widget-header .live-dot.online")).toHaveCount(0);

    // The next morning Ben logs in again: Online, and the shop is open.
    await ben.context().close();
    ben = await logIn(browser, base, "ben@example.com");
    await expect(ben.getByTestId("availability")).toHaveValue("online");
    await expect(widget.getByTestId("widget-input")).toBeVisible();
    await expect(widget.getByTestId("widget-away-notice")).toHaveCount(0);
    await expect(widget.locator(".widget-header .live-dot.online")).toBeVisible();
  } finally {
    await own.remove();
  }
});

test("a refusal answers with its HTTP status, and a reply with no mail server says it waits", async ({ browser }) => {
  // A server of its own, with no mail server set.
  const own = await ownServer(ownPort(7), true);
  try {
    const base = own.base;
    const login = await (await browser.newContext({ baseURL: base })).newPage();
    await login.goto(`${base}/login`);
    await login.getByLabel("E-mail").fill("ben@example.com");
    await login.getByLabel("Password").fill("not the password");
    const answer = login.waitForResponse((r) => r.url().includes("/rpc/log_in"));
    await login.getByRole("button", { name: "Log in" }).click();
    expect((await answer).status()).toBe(401);
    await expect(login.getByRole("alert")).toContainText("the e-mail or password is wrong");

    const ada = await logIn(browser, base, "ada@example.com");
    // Nobody online: the widget takes an offline message, a ticket by e-mail.
    await ada.getByTestId("availability").selectOption("offline");
    const { widget } = await shopWidget(browser, base);
    await expect(widget.getByTestId("widget-offline")).toBeVisible();
    await widget.getByTestId("widget-email").fill("pat.smith@example.net");
    await widget.getByTestId("widget-offline-input").fill("Do you ship to Oslo?");
    await widget.getByRole("button", { name: "Leave a message" }).click();
    await expect(widget.getByTestId("widget-message").filter({ hasText: "Oslo" })).toBeVisible();

    await ada.getByTestId("tab-pending").click();
    // Named by the address until the customer gives a name.
    const row = ada.getByTestId("conversation-row").filter({ hasText: "Oslo" });
    await expect(row).toContainText("Pat Smith");
    await row.click();
    await ada.getByTestId("accept").click();
    await expect(ada.getByTestId("composer-note")).toContainText("no mail server is set");
    await ada.getByTestId("composer").fill("Yes, we ship to Norway.");
    await ada.getByTestId("composer").press("Enter");
    const reply = ada.getByTestId("timeline").getByTestId("message").filter({ hasText: "we ship to Norway" });
    await expect(reply.getByTestId("mail-state")).toHaveText("✉ Waiting for a mail server");
    await expect(reply.locator(".ticks")).toHaveCount(0);
    // The admin's settings say so too.
    await ada.getByTestId("open-admin").click();
    await ada.getByTestId("open-widget-settings").click();
    await expect(ada.getByTestId("mail-server-status")).toContainText("No mail server is set");
  } finally {
    await own.remove();
  }
});

test("the mention list works by keyboard, one mention pops up once, and a note's mention tells the colleague", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  await ada.getByTestId("mode-chat").click();
  await ada.getByTestId("channel-row").filter({ hasText: "general" }).click();
  const box = ada.getByTestId("chat-composer");
  await box.click();

  // ↑ ↓ move, Tab picks; Escape closes the list and leaves the text.
  await ada.keyboard.type("@");
  const options = ada.getByTestId("mention-suggestions").getByRole("option");
  await expect(options).toHaveText(["@Ben Okafor", "@Chloé Martin"]);
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await ada.keyboard.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", await options.nth(1).getAttribute("id") as string);
  await ada.keyboard.press("ArrowDown");
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await ada.keyboard.press("ArrowUp");
  await ada.keyboard.press("Tab");
  await expect(box).toHaveValue("@Chloé Martin ");
  await expect(box).toBeFocused();
  await ada.keyboard.type("and @Be");
  await ada.keyboard.press("Escape");
  await expect(ada.getByTestId("mention-suggestions")).toHaveCount(0);
  await expect(box).toBeFocused();
  await expect(box).toHaveValue("@Chloé Martin and @Be");
  await box.fill("");

  // Ben, in the inbox, is named once: one pop-up, the mention's.
  await box.fill(`@Ben can you check the stock? ${Date.now()}`);
  await box.press("Enter");
  await expect(ben.getByTestId("notice").filter({ hasText: "Ada Lovelace mentioned you in #general" })).toBeVisible();
  await ben.waitForTimeout(1000);
  await expect(ben.getByTestId("notice").filter({ hasText: "can you check the stock" })).toHaveCount(1);

  // A note naming Ben in a conversation tells him, and opens it.
  const { widget } = await customerWidget(browser);
  const question = `Is the red one in stock? ${Date.now()}`;
  await customerSays(widget, question);
  await ada.getByTestId("mode-inbox").click();
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: question }).click();
  await ada.getByRole("radio", { name: "Private note" }).click();
  const composer = ada.getByTestId("composer");
  await composer.click();
  await ada.keyboard.type("@Be");
  await ada.keyboard.press("Enter");
  await ada.keyboard.type("do we have the red one?");
  await expect(composer).toHaveValue("@Ben Okafor do we have the red one?");
  await ada.keyboard.press("Enter");
  const notice = ben.getByTestId("notice").filter({ hasText: "mentioned you in a note" });
  await expect(notice).toContainText("do we have the red one?");
  await notice.click();
  await expect(ben.getByTestId("conversation-pane")).toContainText(question);
});

test("an admin blocks a spammer: kept, out of every list but Blocked, and their next message too", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const { widget } = await customerWidget(browser);
  const spam = `CHEAP WATCHES ${Date.now()}`;
  await customerSays(widget, spam);
  await ada.getByTestId("tab-pending").click();
  const row = ada.getByTestId("conversation-row").filter({ hasText: spam });
  await row.click();
  await ada.getByTestId("block").click();
  await expect(row).toHaveCount(1); // it asks first
  await ada.getByTestId("block-confirm").click();
  await expect(row).toHaveCount(0);
  await expect(ada.getByTestId("blocked-pill")).toBeVisible();

  // Writing again changes nothing for the team: no new conversation anywhere.
  await customerSays(widget, `${spam} LAST CHANCE`);
  await ada.waitForTimeout(500);
  await expect(ada.getByTestId("conversation-row").filter({ hasText: "LAST CHANCE" })).toHaveCount(0);
  await ada.getByTestId("view-selector").selectOption("blocked");
  await ada.getByTestId("tab-pending").click();
  await expect(ada.getByTestId("conversation-row").filter({ hasText: "LAST CHANCE" })).toHaveCount(1);
  await ada.getByTestId("conversation-row").filter({ hasText: "LAST CHANCE" }).click();
  await expect(ada.getByTestId("timeline")).toContainText(spam);
  // A mistake is undone.
  await ada.getByTestId("unblock").click();
  await expect(ada.getByTestId("conversation-row").filter({ hasText: "LAST CHANCE" })).toHaveCount(0);
  await ada.getByTestId("view-selector").selectOption("all");
  await expect(ada.getByTestId("conversation-row").filter({ hasText: "LAST CHANCE" })).toHaveCount(1);
  // Deleted instead, it says so in its header (and can be restored).
  await ada.getByTestId("conversation-row").filter({ hasText: "LAST CHANCE" }).click();
  await ada.getByTestId("delete").click();
  await ada.getByTestId("delete-confirm").click();
  await expect(ada.getByTestId("deleted-pill")).toBeVisible();
  await ada.getByTestId("restore").click();
  await expect(ada.getByTestId("deleted-pill")).toHaveCount(0);
  // The audit says who blocked them, with the old and new value.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-audit").click();
  const entry = ada.getByTestId("audit-entry").filter({ hasText: "contact.blocked" }).first();
  await expect(entry.getByTestId("audit-change")).toContainText("false → true");
});

test("the top bar stays one line with every tab in sight, at 1280, 1024 and 800 px", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  for (const width of [1280, 1024, 800]) {
    await ada.setViewportSize({ width, height: 720 });
    const bar = ada.locator(".topbar");
    // One line: every part of the bar on the same row, nothing cut off.
    const rows = await bar.evaluate((el) => {
      const tops = new Set<number>();
      for (const child of Array.from(el.children)) {
        const box = child.getBoundingClientRect();
        if (box.width > 0) tops.add(Math.round(box.top + box.height / 2));
      }
      return { centres: [...tops], overflow: el.scrollWidth - el.clientWidth };
    });
    expect(Math.max(...rows.centres) - Math.min(...rows.centres), `${width}px`).toBeLessThan(12);
    expect(rows.overflow, `${width}px`).toBeLessThanOrEqual(0);
    for (const tab of ["working_on", "pending", "resolved", "snoozed"]) {
      await expect(ada.getByTestId(`tab-${tab}`), `${width}px`).toBeInViewport({ ratio: 1 });
      const cut = await ada.getByTestId(`tab-${tab}`).evaluate((el) => {
        const list = el.parentElement!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return box.left < list.left - 1 || box.right > list.right + 1 || el.scrollWidth > el.clientWidth + 1;
      });
      expect(cut, `${tab} at ${width}px`).toBe(false);
    }
    // The admin tools are one menu, reachable by keyboard.
    await ada.getByTestId("open-admin").click();
    await expect(ada.getByRole("menuitem", { name: "Team" })).toBeFocused();
    await ada.keyboard.press("ArrowDown");
    await expect(ada.getByRole("menuitem", { name: "Queues" })).toBeFocused();
    await ada.keyboard.press("Escape");
    await expect(ada.getByRole("menu", { name: "Administration" })).toBeHidden();
  }
});

test("day-to-day admin: search rows follow live changes, capacity and invitations answer, the preview is the widget's", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const { widget } = await customerWidget(browser);
  const words = `zebra crossing ${Date.now()}`;
  await customerSays(widget, words);

  // A search result follows the conversation live.
  await ada.getByTestId("inbox-search").fill(words);
  await ada.getByTestId("inbox-search").press("Enter");
  const found = ada.getByTestId("search-results").getByTestId("conversation-row");
  await expect(found).toContainText("Unassigned");
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: words }).click();
  await ben.getByTestId("accept").click();
  await expect(found).toContainText("Ben Okafor");

  // Capacity: saved, and said so.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-team").click();
  const benRow = ada.locator('[data-testid="team-member"][data-email="ben@example.com"]');
  await benRow.getByTestId("member-capacity").fill("7");
  await benRow.getByTestId("member-capacity").press("Tab");
  await expect(benRow.getByTestId("member-saved")).toHaveText("Saved");

  // Invitations wait in a list: a fresh link to copy, or revoke.
  const email = `sam.${Date.now()}@example.com`;
  await ada.getByTestId("invite-email").fill(email);
  await ada.getByTestId("invite-name").fill("Sam Tester");
  await ada.getByTestId("invite-submit").click();
  const invitation = ada.locator(`[data-testid="invitation"][data-email="${email}"]`);
  await expect(invitation).toContainText("Sam Tester");
  const firstLink = await ada.getByTestId("invitation-link").inputValue();
  const joinPage = await (await browser.newContext()).newPage();
  const usable = async (link: string) => {
    const url = new URL(link);
    await joinPage.goto(url.pathname + url.search);
    await expect(joinPage.getByTestId("join-form").or(joinPage.getByTestId("join-unusable"))).toBeVisible();
    return (await joinPage.getByTestId("join-form").count()) === 1;
  };
  expect(await usable(firstLink)).toBe(true);
  await invitation.getByTestId("invitation-copy").click();
  const fresh = ada.getByTestId("invitation-fresh-link");
  await expect(fresh).toHaveValue(/\/join\?token=/);
  const freshLink = await fresh.inputValue();
  expect(freshLink).not.toBe(firstLink);
  expect(await usable(firstLink)).toBe(false);
  expect(await usable(freshLink)).toBe(true);
  await invitation.getByTestId("invitation-revoke").click();
  await expect(invitation).toHaveCount(1); // it asks first
  await invitation.getByTestId("invitation-revoke-confirm").click();
  await expect(invitation).toHaveCount(0);
  expect(await usable(freshLink)).toBe(false);
  await ada.keyboard.press("Escape");

  // The audit shows the capacity's old and new value.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-audit").click();
  const entry = ada.getByTestId("audit-entry").filter({ hasText: "agent.capacity_changed" }).first();
  await expect(entry.getByTestId("audit-change")).toContainText("→ 7");
  await ada.keyboard.press("Escape");

  // The settings' preview reads as the live widget does.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-widget-settings").click();
  const title = (await widget.locator(".widget-header strong").textContent())!.trim();
  await expect(ada.getByTestId("widget-preview-title")).toHaveText(title);
  await expect(ada.getByTestId("widget-preview")).toContainText("We usually reply in a few minutes");
  await ada.keyboard.press("Escape");
});
