import { request as playwrightRequest } from "@playwright/test";
import { test, expect, agentPage, customerWrites, PASSWORD } from "./helpers";

test("a transfer pops up for the agent who receives it, and they resolve it", async ({ browser, baseURL }) => {
  const ben = await agentPage(browser, "ben@example.com");

  // A customer writes and Ada hands the conversation to Ben, through the API.
  const api = await playwrightRequest.newContext({ baseURL });
  const number = await customerWrites(api, "Iris", "Can I change my delivery address?");

  const ada = await playwrightRequest.newContext({ baseURL });
  expect((await ada.post("/api/v1/auth/login", { data: { email: "ada@example.com", password: PASSWORD } })).ok()).toBeTruthy();
  const me = await (await ben.request.get("/api/v1/me")).json();
  const moved = await ada.post(`/api/v1/conversations/${number}/transfer`, { data: { agent_id: me.id, note: "Address change" } });
  expect(moved.ok()).toBeTruthy();

  // Ben sees a pop-up naming the conversation; a click opens it.
  const notice = ben.getByTestId("notice").filter({ hasText: `#${number}` });
  await expect(notice).toContainText("Ada Lovelace gave you");
  await notice.click();
  await expect(ben.getByTestId("status")).toHaveText("Working on · Ben Okafor");
  await expect(ben.getByTestId("timeline")).toContainText("Ada Lovelace transferred the conversation to Ben Okafor");
  await expect(ben.getByTestId("timeline")).toContainText("Address change");

  await ben.getByTestId("resolve").click();
  await expect(ben.getByTestId("tab-resolved")).toHaveAttribute("aria-selected", "true");
  await expect(ben.getByTestId("status")).toHaveText("Resolved by Ben Okafor");
  await expect(ben.getByTestId("timeline")).toContainText("Ben Okafor resolved the conversation");
  await expect(ben.getByTestId("conversation-row").filter({ hasText: "delivery address" })).toBeVisible();
});

test("resolving what a colleague holds is refused, with the reason on the button", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  // Tom Becker's conversation (demo data) is held by Ben.
  await ada.getByTestId("conversation-row").filter({ hasText: "Tom Becker" }).click();
  await expect(ada.getByTestId("status")).toHaveText("Working on · Ben Okafor");
  await expect(ada.getByTestId("resolve")).toBeDisabled();
  await expect(ada.getByTestId("resolve")).toHaveAttribute("title", /only they can resolve it/);

  // Tom's account, with what the shop told about him, in the order its
  // admins placed the attributes (Plan, Orders, Country).
  await ada.getByTestId("view-customer").click();
  await expect(ada.getByTestId("customer-name")).toHaveText("Tom Becker");
  await expect(ada.getByTestId("customer-attribute")).toContainText(["Business", "3", "Spain"]);
});

test("taking over a colleague's conversation: confirmed with their name, and they are told", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const ben = await agentPage(browser, "ben@example.com");

  // A customer writes, and Ben accepts it.
  const api = await playwrightRequest.newContext({ baseURL });
  const number = await customerWrites(api, "Jonas", "My parcel went to the neighbours");
  expect((await ben.request.post(`/api/v1/conversations/${number}/accept`, { headers: { Origin: baseURL! } })).ok()).toBeTruthy();

  // Ada finds it in Working On: no Accept, but Take over, Assign and Transfer.
  await ada.getByTestId("conversation-row").filter({ hasText: "Jonas" }).click();
  await expect(ada.getByTestId("status")).toHaveText("Working on · Ben Okafor");
  await expect(ada.getByTestId("accept")).toHaveCount(0);
  await expect(ada.getByTestId("assign")).toBeVisible();
  await expect(ada.getByTestId("transfer")).toBeVisible();
  await ada.getByTestId("take-over").click();
  await expect(ada.getByRole("group", { name: "Take it over from Ben Okafor? They are told." })).toBeVisible();
  await ada.getByTestId("take-over-confirm").click();
  await expect(ada.getByTestId("status")).toHaveText("Working on · Ada Lovelace");
  await expect(ada.getByTestId("timeline")).toContainText("Ada Lovelace took the conversation over from Ben Okafor");
  await expect(ada.getByTestId("take-over")).toHaveCount(0);

  // Ben is told who took it; the pop-up opens it.
  const notice = ben.getByTestId("notice").filter({ hasText: `#${number}` });
  await expect(notice).toContainText(`Ada Lovelace took over #${number} (Jonas)`);
  await notice.click();
  await expect(ben.getByTestId("status")).toHaveText("Working on · Ada Lovelace");
  await expect(ben.getByTestId("take-over")).toBeVisible();
});
