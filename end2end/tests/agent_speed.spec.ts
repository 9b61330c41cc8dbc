import { test, expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { agentPage } from "./helpers";

/** A new customer writes through the widget's API; answers the conversation's number. */
async function customerWrites(api: APIRequestContext, name: string, body: string): Promise<number> {
  const config = await (await api.get("/demo")).text();
  const key = /data-key="([^"]+)"/.exec(config)![1];
  const session = await (await api.post("/api/v1/widget/sessions", { data: { widget_key: key, name } })).json();
  const sent = await (
    await api.post("/api/v1/widget/messages", {
      headers: { "X-Contact-Token": session.contact_token },
      data: { client_id: crypto.randomUUID(), body },
    })
  ).json();
  return sent.conversation.number;
}

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
