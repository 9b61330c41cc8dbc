import { request as playwrightRequest } from "@playwright/test";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage, customerSays, customerWidget, customerWrites } from "./helpers";

test("an agent edits a customer's details and writes a note; a colleague sees both live, with the log of who changed what, and finds the customer again", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const tag = String(Date.now() % 100000);
  await customerWrites(api, `Rosa ${tag}`, "Can I change my delivery address?");
  for (const agent of [ada, ben]) {
    await agent.getByTestId("tab-pending").click();
    await agent.getByTestId("conversation-row").filter({ hasText: `Rosa ${tag}` }).click();
    await agent.getByTestId("view-customer").click();
    await expect(agent.getByTestId("customer-name")).toHaveText(`Rosa ${tag}`);
  }
  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=customer-lightbox]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // A phone number that is not one is refused, saying why; nothing typed is lost.
  await ada.getByTestId("customer-edit").click();
  await ada.getByTestId("customer-name-field").fill(`Rosa Diaz ${tag}`);
  await ada.getByTestId("customer-phone-field").fill("call me");
  await ada.getByTestId("customer-save").click();
  await expect(ada.getByTestId("customer-lightbox").getByRole("alert")).toContainText("not a phone number");
  await expect(ada.getByTestId("customer-name-field")).toHaveValue(`Rosa Diaz ${tag}`);
  await ada.getByTestId("customer-phone-field").fill("+49 30 555 0100");
  await ada.getByTestId("customer-company-field").fill("Acme GmbH");
  await ada.getByTestId("customer-save").click();
  await expect(ada.getByTestId("customer-form")).toHaveCount(0);
  await expect(ada.getByTestId("customer-phone")).toHaveText("+49 30 555 0100");

  // Ben, with the same customer open, sees the change at once, and the
  // list and pane follow the new name.
  await expect(ben.getByTestId("customer-name")).toHaveText(`Rosa Diaz ${tag}`);
  await expect(ben.getByTestId("customer-company")).toHaveText("Acme GmbH");
  await expect(ben.getByTestId("contact-log-entry").first()).toContainText(
    `Ada Lovelace changed the name from Rosa ${tag} to Rosa Diaz ${tag}, the phone to +49 30 555 0100, the company to Acme GmbH`,
  );

  // Ada's note reaches Ben live; it is hers to edit, not his.
  await ada.getByTestId("contact-note-field").fill("Moving house on the 15th; send to the new address after that.");
  await ada.getByTestId("contact-note-save").click();
  await expect(ada.getByTestId("contact-note-field")).toHaveValue("");
  const bensNote = ben.getByTestId("contact-note");
  await expect(bensNote).toContainText("Moving house on the 15th");
  await expect(bensNote).toContainText("Ada Lovelace");
  await expect(bensNote.getByTestId("contact-note-edit")).toHaveCount(0);
  await ada.getByTestId("contact-note-edit").click();
  await expect(ada.getByTestId("contact-note-field")).toHaveValue("Moving house on the 15th; send to the new address after that.");
  await ada.getByTestId("contact-note-field").fill("Moving house on the 16th; send to the new address after that.");
  await ada.getByTestId("contact-note-save").click();
  await expect(bensNote).toContainText("16th");
  await expect(bensNote).toContainText("edited");
  await expect(ben.getByTestId("contact-log-entry").first()).toContainText("Ada Lovelace edited a note");

  await ben.keyboard.press("Escape");
  const row = ben.getByTestId("conversation-row").filter({ hasText: `Rosa Diaz ${tag}` });
  await expect(row).toBeVisible();
  // Her avatar: her initials, on the colour her id gives her, the same in
  // the row and the header.
  await expect(row.locator(".avatar")).toHaveText("RD");
  const colour = await row.locator(".avatar").getAttribute("style");
  await expect(ben.locator(".pane-header h2 .avatar")).toHaveAttribute("style", colour!);

  // Ben finds her again among the customers, by her company or her phone.
  await ben.getByTestId("open-customers").click();
  const customers = ben.getByTestId("customers-dialog");
  const axeList = await new AxeBuilder({ page: ben }).include("[data-testid=customers-dialog]").analyze();
  expect(axeList.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await customers.getByTestId("customers-search").fill("acme gmbh");
  await expect(customers.getByTestId("customer-row").filter({ hasText: `Rosa Diaz ${tag}` })).toContainText("+49 30 555 0100 · Acme GmbH");
  await customers.getByTestId("customers-search").fill(`no such customer ${tag}`);
  await expect(customers.getByTestId("no-customers")).toBeVisible();
  await customers.getByTestId("customers-search").fill("555 0100");
  await customers.getByTestId("customer-row").filter({ hasText: `Rosa Diaz ${tag}` }).click();
  await expect(ben.getByTestId("customer-name")).toHaveText(`Rosa Diaz ${tag}`);
  await expect(ben.getByTestId("contact-note")).toContainText("16th");
});

test("two records of one person are merged into one: conversations and history move, and the customer's widget carries on as the record kept", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const tag = String(Date.now() % 100000);
  // The same person wrote from a laptop (as Rosa) and, anonymously, from the shop on a phone.
  await customerWrites(api, `Rosa ${tag}`, `Laptop question ${tag}`);
  const { widget } = await customerWidget(browser);
  await customerSays(widget, `Phone question ${tag}`);
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: `Phone question ${tag}` }).click();
  await ada.getByTestId("accept").click();
  await ada.getByTestId("resolve").click();
  await expect(ada.getByTestId("status")).toContainText("Resolved");

  await ada.getByTestId("view-customer").click();
  const lightbox = ada.getByTestId("customer-lightbox");
  await expect(lightbox.getByTestId("customer-name")).toHaveText("Visitor");
  await lightbox.getByTestId("customer-merge").click();
  await lightbox.getByTestId("merge-customer-search").fill(`Rosa ${tag}`);
  await lightbox.getByTestId("merge-customer-choice").filter({ hasText: `Rosa ${tag}` }).click();
  await expect(lightbox.getByTestId("merge-customer-question")).toContainText(`Merge this customer into Rosa ${tag}?`);
  await lightbox.getByTestId("merge-customer-submit").click();

  // The lightbox now shows the record kept, with both conversations, and says what happened.
  await expect(lightbox.getByTestId("customer-name")).toHaveText(`Rosa ${tag}`);
  await expect(lightbox.getByTestId("account-conversation")).toHaveCount(2);
  await expect(lightbox.getByTestId("contact-log-entry").first()).toContainText("Ada Lovelace merged Visitor");
  await ada.keyboard.press("Escape");

  // The phone writes on: it lands in Rosa's open conversation, and Ada's reply reaches the phone live.
  await customerSays(widget, `Phone again ${tag}`);
  await ada.getByTestId("tab-pending").click();
  const rosas = ada.getByTestId("conversation-row").filter({ hasText: `Phone again ${tag}` });
  await expect(rosas).toContainText(`Rosa ${tag}`);
  await rosas.click();
  await expect(ada.getByTestId("timeline")).toContainText(`Laptop question ${tag}`);
  await ada.getByTestId("accept").click();
  await ada.getByTestId("composer").fill(`Both answered here ${tag}`);
  await ada.getByTestId("composer").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: `Both answered here ${tag}` })).toBeVisible();
});

test("the customer's details show beside the conversation, follow a colleague's edit live, and stay shown or hidden as the agent left them", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  const api = await playwrightRequest.newContext({ baseURL });
  const tag = String(Date.now() % 100000);
  await customerWrites(api, `Noor ${tag}`, `Where is parcel ${tag}?`);
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: `Noor ${tag}` }).click();
  const panel = ada.getByTestId("contact-panel");
  if ((await ada.getByTestId("toggle-details").getAttribute("aria-pressed")) !== "true") {
    await ada.getByTestId("toggle-details").click();
  }
  await expect(panel.getByTestId("customer-name")).toHaveText(`Noor ${tag}`);
  await expect(panel.getByTestId("account-conversation")).toContainText(`Where is parcel ${tag}?`);

  // Ben gives her a phone number and writes a note: Ada's panel shows both at once.
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: `Noor ${tag}` }).click();
  await ben.getByTestId("view-customer").click();
  await ben.getByTestId("customer-edit").click();
  await ben.getByTestId("customer-phone-field").fill("+31 20 555 0199");
  await ben.getByTestId("customer-save").click();
  await ben.getByTestId("contact-note-field").fill(`Always ships to the office ${tag}`);
  await ben.getByTestId("contact-note-save").click();
  await expect(panel.getByTestId("customer-phone")).toHaveText("+31 20 555 0199");
  await expect(panel.getByTestId("panel-note")).toContainText(`Always ships to the office ${tag}`);

  // Kept as she left it, through a reload; hidden again, it stays hidden.
  await ada.reload();
  await expect(ada.locator(".topbar .live-dot.online")).toBeVisible();
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: `Noor ${tag}` }).click();
  await expect(ada.getByTestId("contact-panel").getByTestId("customer-name")).toHaveText(`Noor ${tag}`);
  await ada.getByTestId("toggle-details").click();
  await expect(ada.getByTestId("contact-panel")).toHaveCount(0);
  await ada.reload();
  await expect(ada.locator(".topbar .live-dot.online")).toBeVisible();
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("conversation-row").filter({ hasText: `Noor ${tag}` }).click();
  await expect(ada.getByTestId("toggle-details")).toHaveAttribute("aria-pressed", "false");
  await expect(ada.getByTestId("contact-panel")).toHaveCount(0);
});

test("an admin exports the customers as a CSV file and imports one, tried first row by row; writes to a new customer first by e-mail; a colleague finds them", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");
  await ada.getByTestId("open-customers").click();
  const customers = ada.getByTestId("customers-dialog");

  // Out: every customer, in the columns an import reads.
  const downloaded = ada.waitForEvent("download");
  await customers.getByTestId("customers-export").click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe("customers.csv");
  const exported = readFileSync((await download.path())!, "utf8");
  expect(exported.split("\n")[0]).toMatch(/^id,name,email,phone,company,identifier,created_at,blocked/);
  expect(exported).toContain("Maria Garcia,maria@example.net");

  // In: the file is tried first, each row saying what it would do.
  const tag = String(Date.now() % 100000);
  await customers.getByTestId("customers-import").click();
  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=customers-dialog]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  const file = `name;email;company;attributes.plan\nImported ${tag};imported-${tag}@example.com;Acme;business\nBad ${tag};not an address;;\n;MARIA@example.net;;enterprise\n`;
  await customers.getByTestId("import-file").setInputFiles({ name: "new.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await expect(customers.getByTestId("import-summary")).toHaveText(
    "Nothing is written yet. This file would make: 1 new, 1 changed, 0 as they are, 1 refused.",
  );
  const rows = customers.getByTestId("import-row");
  await expect(rows.nth(0)).toContainText(`New: the name to Imported ${tag}, the e-mail to imported-${tag}@example.com, the company to Acme, the Plan to Business`);
  await expect(rows.nth(1)).toContainText("Refused: `not an address` is not an e-mail address");
  await expect(rows.nth(2)).toContainText("Maria Garcia · maria@example.net");
  await customers.getByTestId("customers-search").fill(`imported-${tag}`);
  await expect(customers.getByTestId("no-customers")).toBeVisible();

  await customers.getByTestId("import-submit").click();
  await expect(customers.getByTestId("import-summary")).toHaveText("Imported: 1 new, 1 changed, 0 as they are, 1 refused.");
  await expect(customers.getByTestId("customer-row")).toHaveCount(1);
  await customers.getByTestId("customer-row").click();
  await expect(ada.getByTestId("customer-name")).toHaveText(`Imported ${tag}`);
  await expect(ada.getByTestId("contact-log-entry").first()).toContainText(`Ada Lovelace imported this customer from a file: the name to Imported ${tag}`);

  // Ada writes to them first, by e-mail: the conversation opens in her hands.
  await ada.getByTestId("customer-write").click();
  await ada.getByTestId("customer-write-body").fill(`Welcome aboard, ${tag}!`);
  await ada.getByTestId("customer-write-send").click();
  await expect(ada.getByTestId("customer-lightbox")).toHaveCount(0);
  await expect(ada.getByTestId("timeline").getByTestId("message").filter({ hasText: `Welcome aboard, ${tag}!` })).toBeVisible();
  await ada.getByTestId("tab-working_on").click();
  await expect(ada.getByTestId("conversation-row").filter({ hasText: `Imported ${tag}` })).toBeVisible();
  // A second one while it is open is refused, naming it.
  await ada.getByTestId("view-customer").click();
  await ada.getByTestId("customer-write").click();
  await ada.getByTestId("customer-write-body").fill("And another thing");
  await ada.getByTestId("customer-write-send").click();
  await expect(ada.getByTestId("customer-write-form").getByRole("alert")).toContainText("open: write there");
  await ada.keyboard.press("Escape");

  // Ben, not an admin, neither exports nor imports, but finds them.
  await ben.getByTestId("open-customers").click();
  const his = ben.getByTestId("customers-dialog");
  await expect(his.getByTestId("customers-export")).toHaveCount(0);
  await expect(his.getByTestId("customers-import")).toHaveCount(0);
  await his.getByTestId("customers-search").fill(`Imported ${tag}`);
  // (The whole list shows until the search's answer comes.)
  await expect(his.getByTestId("customer-row")).toHaveCount(1);
  await expect(his.getByTestId("customer-row")).toContainText(`imported-${tag}@example.com · Acme`);
});
