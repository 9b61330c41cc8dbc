import { request as playwrightRequest } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage, customerSays, customerWidget, customerWrites } from "./helpers";

test("saved replies: kept in a dialog, offered after /, filled in for the conversation, the team's for everyone", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const number = await customerWrites(api, "Lena", "Has my order shipped?");

  // Ada (an admin) saves one of her own and one for the team.
  await ada.getByTestId("account").click();
  await ada.getByTestId("open-saved-replies").click();
  const dialog = ada.getByTestId("saved-replies-dialog");
  await expect(dialog.getByTestId("no-saved-replies")).toBeVisible();
  const results = await new AxeBuilder({ page: ada }).include("[data-testid=saved-replies-dialog]").analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await dialog.getByTestId("saved-reply-shortcut-field").fill("shipped");
  await dialog.getByTestId("saved-reply-body-field").fill("Hi {{customer.name}}, {{agent.name}} here: #{{conversation.number}} left our warehouse today.");
  await dialog.getByTestId("saved-reply-save").click();
  await expect(dialog.getByTestId("saved-reply-shortcut")).toHaveText(["/shipped"]);
  // A shortcut of two words is refused, saying why; the text typed stays.
  await dialog.getByTestId("saved-reply-shortcut-field").fill("see you");
  await dialog.getByTestId("saved-reply-body-field").fill("Have a good day, {{customer.name}}!");
  await dialog.getByTestId("saved-reply-save").click();
  await expect(dialog.getByRole("alert")).toContainText("no spaces");
  await expect(dialog.getByTestId("saved-reply-body-field")).toHaveValue("Have a good day, {{customer.name}}!");
  await dialog.getByTestId("saved-reply-shortcut-field").fill("bye");
  await dialog.getByTestId("saved-reply-team").check();
  await dialog.getByTestId("saved-reply-save").click();
  await expect(dialog.getByTestId("saved-reply-shortcut")).toHaveText(["/bye", "/shipped"]);
  await expect(dialog.getByTestId("saved-reply").filter({ hasText: "/bye" })).toContainText("Team");
  await ada.keyboard.press("Escape");

  // In Lena's conversation, "/sh" offers hers; Enter fills it in.
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: "Lena" }).click();
  const box = ada.getByTestId("composer");
  await box.click();
  await ada.keyboard.type("/sh");
  const options = ada.getByTestId("saved-reply-suggestions").getByRole("option");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText("/shipped");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await ada.keyboard.press("Enter");
  await expect(box).toHaveValue(`Hi Lena, Ada Lovelace here: #${number} left our warehouse today.`);
  await expect(box).toBeFocused();
  await ada.keyboard.press("Enter");
  await expect(ada.getByTestId("message").filter({ hasText: "left our warehouse today" })).toBeVisible();

  // Ben gets the team's reply, not Ada's own, and may not change it.
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: "Lena" }).click();
  const bensBox = ben.getByTestId("composer");
  await bensBox.click();
  await ben.keyboard.type("Thanks! /");
  await expect(ben.getByTestId("saved-reply-suggestions").getByRole("option")).toHaveCount(1);
  await ben.getByTestId("saved-reply-option").click();
  await expect(bensBox).toHaveValue("Thanks! Have a good day, Lena!");
  await ben.getByTestId("account").click();
  await ben.getByTestId("open-saved-replies").click();
  await expect(ben.getByTestId("saved-reply-shortcut")).toHaveText(["/bye"]);
  await expect(ben.getByTestId("saved-reply-edit")).toHaveCount(0);
  await expect(ben.getByTestId("saved-reply-team")).toHaveCount(0);
});

test("a new chat pops up for the agents of its queue; each chooses their alerts, kept on the server", async ({ browser, baseURL }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const chloe = await agentPage(browser, "chloe@example.com");
  const api = await playwrightRequest.newContext({ baseURL });

  // A new chat in Support (the widget's queue): Ben and Chloé are both in it.
  const number = await customerWrites(api, "Oskar", "My invoice shows the wrong address");
  for (const agent of [ben, chloe]) {
    await expect(agent.getByTestId("notice").filter({ hasText: "New chat from Oskar" })).toContainText("wrong address");
  }

  // Handed to Sales alone, it is back in Pending there: Ben (in Sales) hears, Chloé does not.
  const ada = await playwrightRequest.newContext({ baseURL });
  expect((await ada.post("/api/v1/auth/login", { data: { email: "ada@example.com", password: "switchboard" } })).ok()).toBeTruthy();
  const sales = (await (await ada.get("/api/v1/queues")).json()).queues.find((q: { name: string }) => q.name === "Sales");
  expect((await ada.post(`/api/v1/conversations/${number}/transfer`, { data: { queue_id: sales.id } })).ok()).toBeTruthy();
  const back = ben.getByTestId("notice").filter({ hasText: `Oskar is back in Pending (#${number})` });
  await expect(back).toBeVisible();
  await expect(chloe.getByTestId("notice").filter({ hasText: "back in Pending" })).toHaveCount(0);
  // A click opens it.
  await back.click();
  await expect(ben.getByTestId("status")).toHaveText("Pending");

  // Chloé turns new chats off; the choice outlives a reload.
  await chloe.getByTestId("account").click();
  await chloe.getByTestId("open-alert-preferences").click();
  const choices = chloe.getByTestId("alert-preferences");
  const results = await new AxeBuilder({ page: chloe }).include("[data-testid=alert-preferences]").analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await expect(choices.getByTestId("alert-new-chat")).toBeChecked();
  await choices.getByTestId("alert-new-chat").uncheck();
  await expect.poll(async () => (await (await chloe.request.get("/api/v1/me/alerts")).json()).new_chat).toBe(false);
  await chloe.reload();
  await expect(chloe.locator(".topbar .live-dot.online")).toBeVisible();
  await chloe.getByTestId("account").click();
  await chloe.getByTestId("open-alert-preferences").click();
  await expect(chloe.getByTestId("alert-new-chat")).not.toBeChecked();
  await expect(chloe.getByTestId("alert-my-conversations")).toBeChecked();
  await chloe.keyboard.press("Escape");

  // The next new chat: Ben hears, Chloé no longer.
  await customerWrites(api, "Petra", "Can I pay by invoice?");
  await expect(ben.getByTestId("notice").filter({ hasText: "New chat from Petra" })).toBeVisible();
  await chloe.waitForTimeout(1_000);
  await expect(chloe.getByTestId("notice").filter({ hasText: "Petra" })).toHaveCount(0);
  await chloe.getByTestId("account").click();
  await chloe.getByTestId("open-alert-preferences").click();
  await chloe.getByTestId("alert-new-chat").check();
  await expect.poll(async () => (await (await chloe.request.get("/api/v1/me/alerts")).json()).new_chat).toBe(true);
});

test("twenty conversations resolved at once, picked with Shift+click; what a colleague holds is refused, named, and stays picked", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  for (let i = 1; i <= 20; i++) {
    await customerWrites(api, `Batch ${String(i).padStart(2, "0")}`, `Old question ${i}`);
  }

  await ada.getByTestId("tab-pending").click();
  const row = (name: string) => ada.locator(".row-item").filter({ hasText: name });
  await expect(row("Batch 20")).toBeVisible();
  // The newest first: Batch 20 … Batch 01; one click and a Shift+click pick them all.
  await row("Batch 20").getByTestId("row-pick").click();
  await expect(ada.getByTestId("bulk-bar")).toContainText("1 selected");
  await row("Batch 01").getByTestId("row-pick").click({ modifiers: ["Shift"] });
  await expect(ada.getByTestId("bulk-bar")).toContainText("20 selected");
  await expect(row("Batch 11").getByTestId("row-pick")).toBeChecked();
  await ada.getByTestId("bulk-resolve").click();
  await expect(ada.getByTestId("bulk-result")).toHaveText(/^20 resolved/);
  await expect(row("Batch 01")).toHaveCount(0);
  await expect(row("Batch 20")).toHaveCount(0);
  await expect(ada.getByTestId("bulk-bar")).toContainText("Select all");

  // Each went through the lifecycle on its own.
  await ada.getByTestId("tab-resolved").click();
  await row("Batch 12").locator(".conversation-row").click();
  await expect(ada.getByTestId("status")).toHaveText("Resolved by Ada Lovelace");
  await expect(ada.getByTestId("timeline")).toContainText("Ada Lovelace resolved the conversation");

  // Ben holds one, Ada the other: resolving both resolves hers, names his.
  const bens = await customerWrites(api, "Mixed Ben", "Question one");
  const adas = await customerWrites(api, "Mixed Ada", "Question two");
  const origin = { headers: { Origin: baseURL! } };
  const ben = await playwrightRequest.newContext({ baseURL });
  expect((await ben.post("/api/v1/auth/login", { data: { email: "ben@example.com", password: "switchboard" } })).ok()).toBeTruthy();
  expect((await ben.post(`/api/v1/conversations/${bens}/accept`)).ok()).toBeTruthy();
  expect((await ada.request.post(`/api/v1/conversations/${adas}/accept`, origin)).ok()).toBeTruthy();
  await ada.getByTestId("tab-working_on").click();
  await row("Mixed Ben").getByTestId("row-pick").click();
  await row("Mixed Ada").getByTestId("row-pick").click();
  await ada.getByTestId("bulk-resolve").click();
  await expect(ada.getByTestId("bulk-result")).toHaveText(
    new RegExp(`^1 resolved; 1 not: this conversation is assigned to Ben Okafor.*\\(#${bens}\\)`),
  );
  await expect(row("Mixed Ada")).toHaveCount(0);
  await expect(row("Mixed Ben").getByTestId("row-pick")).toBeChecked();
  await expect(ada.getByTestId("bulk-bar")).toContainText("1 selected");
  await ada.getByTestId("bulk-clear").click();
  await expect(ada.getByTestId("bulk-bar")).toContainText("Select all");

  // The keyboard: x picks the open conversation.
  await row("Mixed Ben").locator(".conversation-row").click();
  await ada.locator("body").click({ position: { x: 5, y: 5 } });
  await ada.keyboard.press("x");
  await expect(row("Mixed Ben").getByTestId("row-pick")).toBeChecked();
  await ada.keyboard.press("x");
  await expect(row("Mixed Ben").getByTestId("row-pick")).not.toBeChecked();
});

test("labels: an admin defines them, an agent puts one on with l, the other's list shows it live and narrows to it, search finds it, many at once", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const tag = String(Date.now() % 100000);
  const billing = `billing-${tag}`;
  const vip = `vip-${tag}`;
  const greta = await customerWrites(api, `Greta ${tag}`, "I was charged twice this month");
  await customerWrites(api, `Hugo ${tag}`, "Can I change my plan?");

  // Ada (an admin) defines two labels; a name with a space is refused, saying why.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-labels").click();
  const dialog = ada.getByTestId("labels-dialog");
  const results = await new AxeBuilder({ page: ada }).include("[data-testid=labels-dialog]").analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  for (const name of ["two words", billing, vip]) {
    await dialog.getByTestId("new-label-name").fill(name);
    await dialog.getByTestId("create-label").click();
    if (name === "two words") {
      await expect(dialog.getByRole("alert")).toContainText("no spaces");
    }
  }
  await expect(dialog.locator(`[data-label="${vip}"]`)).toBeVisible();
  await ada.keyboard.press("Escape");

  // Ben opens Greta's conversation and labels it from the keyboard: l, a few letters, Enter.
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: `Greta ${tag}` }).click();
  await ben.locator("body").click({ position: { x: 5, y: 5 } });
  await ben.keyboard.press("l");
  const picker = ben.getByTestId("label-picker");
  await expect(picker.getByTestId("label-picker-find")).toBeFocused();
  const axe = await new AxeBuilder({ page: ben }).include("[data-testid=label-picker]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await ben.keyboard.type(`billing-${tag}`);
  await ben.keyboard.press("Enter");
  await expect(picker.locator(`[data-label="${billing}"]`)).toBeChecked();
  await ben.keyboard.press("Escape");
  await expect(ben.getByTestId("conversation-pane").getByTestId("label-chip")).toHaveText([billing]);
  await expect(ben.getByTestId("timeline")).toContainText(`Ben Okafor added the label ${billing}`);

  // Ada's list shows it at once, and narrows to it.
  await ada.getByTestId("tab-pending").click();
  const adasRow = (name: string) => ada.locator(".row-item").filter({ hasText: name });
  await expect(adasRow(`Greta ${tag}`).getByTestId("label-chip")).toHaveText([billing]);
  await ada.getByTestId("label-filter").locator("summary").click();
  await ada.locator(`[data-testid=label-filter-option][data-label="${billing}"]`).check();
  await expect(ada.getByTestId("conversation-row")).toHaveCount(1);
  await expect(adasRow(`Greta ${tag}`)).toBeVisible();
  await ada.getByTestId("label-filter-clear").click();
  await expect(adasRow(`Hugo ${tag}`)).toBeVisible();

  // Search finds it by label: the words narrow further.
  await ada.getByTestId("inbox-search").fill(`label:${billing} twice`);
  await ada.getByTestId("inbox-search").press("Enter");
  await expect(ada.getByTestId("search-results").getByTestId("conversation-row")).toHaveCount(1);
  await expect(ada.getByTestId("search-results")).toContainText(`Greta ${tag}`);
  await ada.getByTestId("inbox-search").fill("");
  await ada.getByTestId("inbox-search").press("Escape");

  // Both customers at once: Label… in the bar.
  await adasRow(`Greta ${tag}`).getByTestId("row-pick").click();
  await adasRow(`Hugo ${tag}`).getByTestId("row-pick").click();
  await ada.getByTestId("bulk-label").click();
  await ada.locator(`[data-testid=label-option][data-label="${vip}"]`).click();
  await expect(ada.getByTestId("bulk-result")).toHaveText(/^2 labelled/);
  await expect(adasRow(`Hugo ${tag}`).getByTestId("label-chip")).toHaveText([vip]);
  await expect(adasRow(`Greta ${tag}`).getByTestId("label-chip")).toHaveText([billing, vip]);
  // The API narrows its lists the same way.
  const listed = await (await ada.request.get(`/api/v1/conversations?view=all&tab=pending&labels=${billing},${vip}`)).json();
  expect(listed.conversations.map((c: { number: number }) => c.number)).toEqual([greta]);
});

test("rows say how long each customer has waited; Pending lists the longest wait first, and each tab keeps the order chosen", async ({ browser, baseURL }) => {
  const chloe = await agentPage(browser, "chloe@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const tag = String(Date.now() % 100000);
  await customerWrites(api, `Early ${tag}`, "First in line");
  await customerWrites(api, `Late ${tag}`, "Second in line");

  await chloe.getByTestId("tab-pending").click();
  await expect(chloe.getByTestId("list-order")).toHaveValue("waiting_longest");
  const row = (name: string) => chloe.locator(".row-item").filter({ hasText: name });
  await expect(row(`Early ${tag}`).getByTestId("waiting")).toHaveText(" · waiting under a minute");
  const order = async () =>
    (await chloe.getByTestId("conversation-row").locator(".contact-name").allTextContents()).filter((n) => n.endsWith(tag));
  await expect.poll(order).toEqual([`Early ${tag}`, `Late ${tag}`]);

  // Newest first, for Pending alone; kept through a reload.
  await chloe.getByTestId("list-order").selectOption("newest");
  await expect.poll(order).toEqual([`Late ${tag}`, `Early ${tag}`]);
  await chloe.getByTestId("tab-resolved").click();
  await expect(chloe.getByTestId("list-order")).toHaveValue("newest");
  await chloe.getByTestId("tab-pending").click();
  await chloe.reload();
  await expect(chloe.getByTestId("list-order")).toHaveValue("newest");
  await expect.poll(order).toEqual([`Late ${tag}`, `Early ${tag}`]);
  await chloe.getByTestId("list-order").selectOption("waiting_longest");
  await expect.poll(order).toEqual([`Early ${tag}`, `Late ${tag}`]);

  // A reply ends the wait.
  await row(`Early ${tag}`).locator(".conversation-row").click();
  await chloe.getByTestId("composer").fill("Hello! Looking into it.");
  await chloe.keyboard.press("Enter");
  await expect(row(`Early ${tag}`).getByTestId("waiting")).toHaveCount(0);
});

test("who else is here: colleagues in the same conversation, what they write, and a reply overtaken asks first", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const tag = String(Date.now() % 100000);
  await customerWrites(api, `Ines ${tag}`, "Is the blue one back in stock?");
  await customerWrites(api, `Jon ${tag}`, "Where do I send the return?");

  for (const agent of [ada, ben]) {
    await agent.getByTestId("tab-pending").click();
    await agent.getByTestId("conversation-row").filter({ hasText: `Ines ${tag}` }).click();
  }
  // Each sees the other in the header.
  await expect(ada.getByTestId("colleague")).toHaveAttribute("title", "Ben Okafor has it open");
  await expect(ben.getByTestId("colleague")).toHaveAttribute("title", "Ada Lovelace has it open");
  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=colleagues]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // Ben writes a note: Ada sees a note being written, not a reply.
  await ben.getByRole("radio", { name: "Private note" }).click();
  await ben.getByTestId("composer").pressSequentially("checking stock");
  await expect(ada.getByTestId("colleague-writing")).toHaveText("Ben Okafor is writing a note");

  // Ada begins a reply; Ben's reply comes first; Ada's asks before it goes.
  await ada.getByTestId("composer").pressSequentially("Yes, it is back");
  await ben.getByTestId("composer").fill("");
  await ben.getByRole("radio", { name: "Reply" }).click();
  await ben.getByTestId("composer").fill("It is back since Monday!");
  await ben.keyboard.press("Enter");
  await expect(ada.getByTestId("message").filter({ hasText: "It is back since Monday!" })).toBeVisible();
  await ada.getByTestId("composer").press("Enter");
  await expect(ada.getByTestId("ask-first")).toContainText("Ben Okafor replied while you were writing");
  await expect(ada.getByTestId("composer")).toHaveValue("Yes, it is back");
  await ada.getByTestId("keep-editing").click();
  await expect(ada.getByTestId("ask-first")).toHaveCount(0);
  await ada.getByTestId("composer").press("Enter");
  await ada.getByTestId("send-anyway").click();
  await expect(ada.getByTestId("message").filter({ hasText: "Yes, it is back" })).toBeVisible();
  await expect(ada.getByTestId("composer")).toHaveValue("");

  // Ben moves on to another customer: his initials go from Ada's header.
  await ben.getByTestId("conversation-row").filter({ hasText: `Jon ${tag}` }).click();
  await expect(ada.getByTestId("colleague")).toHaveCount(0);
});

test("a follow-up merged into the earlier conversation: one history for agents and the customer, the merged one a pointer", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const { widget } = await customerWidget(browser);
  const tag = String(Date.now() % 100000);
  await customerSays(widget, `My invoice is wrong ${tag}`);
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: tag }).click();
  await ada.getByTestId("resolve").click();
  await expect(ada.getByTestId("status")).toHaveText(/^Resolved/);
  // Ada stays on the first conversation; the customer writes again: a new one.
  await customerSays(widget, `About that invoice again ${tag}`);

  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: `About that invoice again ${tag}` }).click();
  await ben.getByTestId("merge").click();
  const dialog = ben.getByTestId("merge-dialog");
  await expect(dialog.getByTestId("merge-choice")).toHaveCount(1);
  const axe = await new AxeBuilder({ page: ben }).include("[data-testid=merge-dialog]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await expect(dialog.getByTestId("merge-submit")).toBeDisabled();
  await dialog.getByTestId("merge-choice").click();
  await dialog.getByTestId("merge-submit").click();
  await expect(dialog).toHaveCount(0);

  // Ben is in the joined conversation, both messages in the order written,
  // in Pending (the follow-up was waiting there).
  const timeline = ben.getByTestId("timeline");
  await expect(timeline.getByTestId("message")).toHaveText([/My invoice is wrong/, /About that invoice again/]);
  await expect(timeline.getByTestId("event").last()).toContainText("Ben Okafor merged #");
  await expect(ben.getByTestId("status")).toHaveText("Pending");
  // Ada, who had the first one open, sees it joined, live.
  await expect(ada.getByTestId("timeline").getByTestId("message")).toHaveText([/My invoice is wrong/, /About that invoice again/]);

  // The merged one is a pointer: its history says where it went.
  await timeline.getByTestId("event").last().getByTestId("conversation-link").click();
  await expect(ben.getByTestId("merged-into")).toBeVisible();
  await expect(ben.getByTestId("timeline").getByTestId("message")).toHaveCount(0);
  await expect(ben.getByTestId("merge")).toHaveCount(0);
  await ben.getByTestId("merged-into").getByTestId("conversation-link").click();
  await expect(ben.getByTestId("merged-into")).toHaveCount(0);

  // The customer has one history and writes on in the joined conversation.
  await customerSays(widget, `Any news? ${tag}`);
  await expect(widget.getByTestId("widget-message")).toHaveText([/My invoice is wrong/, /About that invoice again/, /Any news\?/]);
  await expect(timeline.getByTestId("message")).toHaveText([/My invoice is wrong/, /About that invoice again/, /Any news\?/]);
});

test("snoozed conversations wait in their own tab, saying when they wake", async ({ browser, baseURL }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const number = await customerWrites(api, "Sven", "I will send the photos tonight");
  const origin = { headers: { Origin: baseURL! } };
  expect((await ben.request.post(`/api/v1/conversations/${number}/accept`, origin)).ok()).toBeTruthy();
  const until = new Date(Date.now() + 26 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
  expect((await ben.request.post(`/api/v1/conversations/${number}/snooze`, { ...origin, data: { until } })).ok()).toBeTruthy();

  await ben.keyboard.press("4");
  await expect(ben.getByTestId("tab-snoozed")).toHaveAttribute("aria-selected", "true");
  const row = ben.locator(".row-item").filter({ hasText: "Sven" });
  await expect(row.getByTestId("wakes")).toHaveText(` · wakes ${until.slice(0, 10)} ${until.slice(11, 16)}`);
  await expect(ben.getByTestId("count-snoozed")).not.toHaveText("0");
  await row.locator(".conversation-row").click();
  await expect(ben.getByTestId("status")).toHaveText("Snoozed");
});

test("on a phone (375 × 812) the list and the conversation are two screens, dialogs fit, the composer stays in sight", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, hasTouch: true });
  const phone = await context.newPage();
  await phone.goto("/");
  await phone.getByLabel("E-mail").fill("chloe@example.com");
  await phone.getByLabel("Password").fill("switchboard");
  await phone.getByRole("button", { name: "Log in" }).click();
  await expect(phone.locator(".topbar .live-dot.online")).toBeVisible();
  // Wherever Chloé was last, the back button leads to the list.
  if (await phone.getByTestId("back").first().isVisible()) {
    await phone.getByTestId("back").first().click();
  }
  const fits = async () =>
    phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  await phone.getByTestId("tab-pending").click();
  const list = phone.getByTestId("conversation-list");
  await expect(list).toBeVisible();
  expect(await fits()).toBe(true);
  await list.locator(".conversation-row").first().click();

  // The conversation fills the screen; the list is behind the back button.
  await expect(phone.getByTestId("status")).toBeVisible();
  await expect(list).toBeHidden();
  const composer = phone.getByTestId("composer");
  await expect(composer).toBeInViewport();
  expect(await fits()).toBe(true);

  // A dialog fits the screen.
  await phone.getByTestId("transfer").click();
  const dialog = phone.getByTestId("transfer-dialog");
  await expect(dialog).toBeInViewport({ ratio: 1 });
  await phone.keyboard.press("Escape");

  await phone.getByTestId("back").first().click();
  await expect(list).toBeVisible();
  await expect(phone.getByTestId("status")).toBeHidden();

  // The team chat too: channels, then a channel with its own back button.
  await phone.getByTestId("mode-chat").click();
  await phone.getByTestId("channel-row").filter({ hasText: "general" }).click();
  await expect(phone.getByTestId("chat-composer")).toBeInViewport();
  await expect(phone.getByTestId("chat-sidebar")).toBeHidden();
  await phone.getByTestId("back").last().click();
  await expect(phone.getByTestId("chat-sidebar")).toBeVisible();
  expect(await fits()).toBe(true);
  await phone.getByTestId("mode-inbox").click();
  await context.close();
});
