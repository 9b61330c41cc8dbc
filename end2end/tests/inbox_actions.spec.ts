import { test, expect, agentPage, customerWidget, customerSays } from "./helpers";

test("B sees A's accept live; A's transfer dialog lands it in B's Working On with a pop-up", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const { widget } = await customerWidget(browser);
  const text = `My parcel is damaged ${Date.now()}`;
  await customerSays(widget, text);

  await ada.getByTestId("tab-pending").click();
  await ben.getByTestId("tab-pending").click();
  const benRow = ben.getByTestId("conversation-row").filter({ hasText: text });
  await expect(benRow.locator(".status-dot")).toHaveClass(/status-pending/);

  await ada.getByTestId("conversation-row").filter({ hasText: text }).click();
  await ada.getByTestId("accept").click();
  await expect(ada.getByTestId("status")).toHaveText("Working on · Ada Lovelace");
  // Ben's Pending list loses it at once; under Working On it is Ada's, in blue.
  await expect(benRow).toHaveCount(0);
  await ben.getByTestId("tab-working_on").click();
  await expect(benRow.locator(".status-dot")).toHaveClass(/status-working/);
  await expect(benRow).toContainText("Ada Lovelace");

  // Ada transfers it to Ben with a note, found by name in the dialog.
  await ada.getByTestId("transfer").click();
  const dialog = ada.getByTestId("transfer-dialog");
  await expect(dialog.getByTestId("transfer-submit")).toBeDisabled();
  await dialog.getByTestId("staff-filter").fill("ben");
  await dialog.getByLabel("Ben Okafor").check();
  await dialog.getByTestId("transfer-note").fill("Photos are in the thread");
  await dialog.getByTestId("transfer-submit").click();
  await expect(dialog).toHaveCount(0);

  const notice = ben.getByTestId("notice").filter({ hasText: "Ada Lovelace gave you" });
  await expect(notice).toBeVisible();
  await expect(benRow).toContainText("Ben Okafor");
  await notice.click();
  await expect(ben.getByTestId("status")).toHaveText("Working on · Ben Okafor");
  await expect(ben.getByTestId("timeline")).toContainText("Photos are in the thread");
});

test("snooze, the customer lightbox, search, and delete and restore for admins", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const { widget } = await customerWidget(browser);
  const text = `Where is my refund ${Date.now()}`;
  await customerSays(widget, text);
  await ada.getByTestId("tab-pending").click();
  const row = ada.getByTestId("conversation-row").filter({ hasText: text });
  await row.click();
  const number = await row.getAttribute("data-number");

  // Search: a word finds it; #N opens it.
  await ada.getByTestId("inbox-search").fill(text.split(" ").pop()!);
  await ada.getByTestId("inbox-search").press("Enter");
  await expect(ada.getByTestId("search-results").getByTestId("conversation-row")).toHaveCount(1);
  await ada.getByTestId("clear-search").click();
  await expect(ada.getByTestId("search-results")).toHaveCount(0);
  await ada.getByTestId("inbox-search").fill(`#${number}`);
  await ada.getByTestId("inbox-search").press("Enter");
  await expect(ada.getByTestId("conversation-pane")).toContainText(`#${number}`);
  await ada.getByTestId("clear-search").click();

  // The customer's account: details and their conversations, each opens.
  await ada.getByTestId("view-customer").click();
  const lightbox = ada.getByTestId("customer-lightbox");
  await expect(lightbox.getByTestId("customer-name")).toHaveText("Visitor");
  await expect(lightbox.getByTestId("account-conversation")).toHaveCount(1);
  await lightbox.getByTestId("account-conversation").click();
  await expect(lightbox).toHaveCount(0);

  // Accept, then snooze for an hour: it leaves Working On.
  await ada.getByTestId("accept").click();
  await ada.getByTestId("snooze").click();
  await ada.getByTestId("snooze-dialog").getByRole("button", { name: "1 hour" }).click();
  await expect(ada.getByTestId("status")).toHaveText("Snoozed");
  await expect(ada.getByTestId("timeline")).toContainText("snoozed");

  // An admin deletes it (gone from every list) and restores it.
  await ada.getByTestId("delete").click();
  await ada.getByTestId("delete-confirm").click();
  await expect(ada.getByTestId("restore")).toBeVisible();
  await ada.getByTestId("tab-working_on").click();
  await expect(ada.getByTestId("conversation-row").filter({ hasText: text })).toHaveCount(0);
  await ada.getByTestId("restore").click();
  await expect(ada.getByTestId("delete")).toBeVisible();
});

test("assign gives a pending conversation to a colleague, who is told", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const chloe = await agentPage(browser, "chloe@example.com");
  const { widget } = await customerWidget(browser);
  const text = `Can I pay by invoice ${Date.now()}`;
  await customerSays(widget, text);
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: text }).click();
  await ada.getByTestId("assign").click();
  await ada.getByTestId("staff-filter").fill("chlo");
  await ada.getByLabel("Chloé Martin").check();
  await expect(ada.getByTestId("transfer-queue")).toBeHidden();
  await ada.getByTestId("transfer-submit").click();
  await expect(ada.getByTestId("status")).toHaveText("Working on · Chloé Martin");
  await expect(chloe.getByTestId("notice").filter({ hasText: "Ada Lovelace gave you" })).toBeVisible();
  await expect(ada.getByTestId("timeline")).toContainText("Ada Lovelace assigned the conversation to Chloé Martin");
});
