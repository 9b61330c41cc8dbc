import { type Page } from "@playwright/test";
import { test, expect, agentPage, newChannelWithAda } from "./helpers";

async function openChat(page: Page) {
  await page.getByTestId("mode-chat").click();
  await expect(page.getByTestId("chat-sidebar")).toBeVisible();
}

function channelRow(page: Page, title: string) {
  return page.getByTestId("channel-row").filter({ hasText: title });
}

async function write(page: Page, text: string) {
  await page.getByTestId("chat-composer").fill(text);
  await page.getByTestId("chat-composer").press("Enter");
  await expect(page.getByTestId("chat-message").filter({ hasText: text })).toBeVisible();
}

test("channel and private messages arrive live with badges, pop-ups and the New Messages line", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  await openChat(ben);

  // Ben makes a channel and brings Ada in; it appears in her sidebar live.
  const name = `ops-${Date.now()}`;
  await newChannelWithAda(ben, name);

  // Ada works the inbox; Ben writes twice.
  const first = `Deploying at five ${Date.now()}`;
  await write(ben, first);
  const notice = ada.getByTestId("notice").filter({ hasText: first });
  await expect(notice).toContainText(`Ben Okafor in #${name}`);
  await expect(ada.getByTestId("chat-unread-total")).toHaveClass(/unread/);
  const second = `Rollback plan is in the doc ${Date.now()}`;
  await write(ben, second);
  await openChat(ada);
  await expect(channelRow(ada, name).getByTestId("channel-unread")).toHaveText("2");

  // The pop-up opens the channel; the line sits above the first message
  // Ada had not read, and the badge goes.
  await notice.click();
  await expect(ada.getByTestId("channel-title")).toHaveText(`#${name}`);
  const line = ada.getByTestId("new-messages-line");
  await expect(line).toHaveCount(1);
  await expect(line.locator("xpath=following-sibling::li[1]")).toContainText(first);
  await expect(channelRow(ada, name).getByTestId("channel-unread")).toHaveCount(0);

  // A private message: Ben starts it from Ada's name and finds their
  // earlier conversation; Ada, reading the channel, gets a pop-up and a badge.
  await ben.getByTestId("new-direct").click();
  await ben.getByTestId("staff-filter").fill("ada");
  await ben.getByTestId("staff-picker").getByLabel("Ada Lovelace").check();
  await ben.getByTestId("start-direct").click();
  await expect(ben.getByTestId("channel-title")).toHaveText("Ada Lovelace");
  await expect(ben.getByTestId("chat-message").filter({ hasText: "refund shipping" })).toBeVisible();
  const lunch = `Lunch at one? ${Date.now()}`;
  await write(ben, lunch);
  await expect(ada.getByTestId("notice").filter({ hasText: lunch })).toContainText("Ben Okafor wrote to you");
  const direct = channelRow(ada, "Ben Okafor");
  await expect(direct.getByTestId("channel-unread")).toBeVisible();
  await direct.click();
  await expect(ada.getByTestId("chat-message").filter({ hasText: lunch })).toBeVisible();
  await expect(direct.getByTestId("channel-unread")).toHaveCount(0);

  // An @mention tells Ada even while she reads elsewhere; #1 opens the
  // customer conversation in the inbox.
  await channelRow(ben, name).click();
  const ask = `@Ada could you look at #1? ${Date.now()}`;
  await write(ben, ask);
  await expect(ada.getByTestId("notice").filter({ hasText: `mentioned you in #${name}` })).toBeVisible();
  await channelRow(ada, name).click();
  const asked = ada.getByTestId("chat-message").filter({ hasText: "could you look at" });
  await expect(asked.locator(".mention.me")).toHaveText("@Ada");
  await asked.getByRole("button", { name: "#1" }).click();
  await expect(ada.getByTestId("conversation-pane")).toContainText("#1");
});

test("a private channel: invisible until invited, edits and deletions shown, a conversation shared to it", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const chloe = await agentPage(browser, "chloe@example.com");
  await openChat(ada);
  await openChat(chloe);

  const name = `leads-${Date.now()}`;
  await ada.getByTestId("new-channel").click();
  await ada.getByTestId("channel-name").fill(name);
  await ada.getByTestId("channel-description").fill("Team leads only");
  await ada.getByTestId("channel-private").check();
  await ada.getByTestId("create-channel").click();
  await expect(ada.getByTestId("channel-title")).toContainText(`#${name}`);
  const secret = `Reviews are on Friday ${Date.now()}`;
  await write(ada, secret);

  // Chloé finds it nowhere, not even among the channels to join or in search.
  await chloe.getByRole("button", { name: /Browse channels/ }).click();
  await expect(chloe.getByTestId("joinable-channels")).not.toContainText(name);
  await expect(channelRow(chloe, name)).toHaveCount(0);
  await chloe.getByTestId("chat-search").fill("Reviews are on Friday");
  await chloe.getByTestId("chat-search").press("Enter");
  await expect(chloe.getByText("No messages found.")).toBeVisible();

  // Invited, it appears in her sidebar at once, unread.
  await ada.getByTestId("invite-open").click();
  await ada.getByTestId("staff-filter").fill("chlo");
  await ada.getByTestId("staff-picker").getByLabel("Chloé Martin").check();
  await ada.getByTestId("invite").click();
  await expect(ada.getByTestId("channel-members")).toHaveText("2 members");
  await expect(channelRow(chloe, name).getByTestId("channel-unread")).toHaveText("1");
  await channelRow(chloe, name).click();
  const said = chloe.getByTestId("chat-message").filter({ hasText: "Reviews are on" });
  await expect(said).toBeVisible();

  // Ada edits, then deletes: Chloé sees each, and what it said before.
  const mine = ada.getByTestId("chat-message").filter({ hasText: secret });
  await mine.hover();
  await mine.getByTestId("edit-message").click();
  await ada.getByTestId("edit-body").fill("Reviews moved to Monday");
  await ada.getByTestId("edit-body").press("Enter");
  const saidNow = chloe.getByTestId("chat-message").filter({ hasText: "Reviews moved to Monday" });
  await expect(saidNow).toContainText("(edited)");
  await saidNow.getByRole("button", { name: "(edited)" }).click();
  await expect(saidNow.getByTestId("versions")).toContainText(secret);
  const edited = ada.getByTestId("chat-message").filter({ hasText: "Reviews moved to Monday" });
  await edited.hover();
  await edited.getByTestId("delete-message").click();
  await edited.getByTestId("confirm-delete").click();
  const gone = chloe.getByTestId("chat-message").filter({ hasText: "This message was deleted." });
  await expect(gone).toBeVisible();

  // Ada shares a customer conversation to the channel from the inbox.
  await ada.getByTestId("mode-inbox").click();
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").first().click();
  await ada.getByTestId("share-conversation").click();
  await ada.getByTestId("share-target").selectOption({ label: `#${name}` });
  await ada.getByTestId("share-note").fill("please have a look");
  await ada.getByTestId("share").click();
  const shared = chloe.getByTestId("chat-message").filter({ hasText: "please have a look" });
  await expect(shared).toBeVisible();
  await shared.locator(".conversation-link").click();
  await expect(chloe.getByTestId("conversation-pane").locator("h2")).toBeVisible();
});
