import { test, expect, request as playwrightRequest } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { agentPage, customerWrites } from "./helpers";

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
