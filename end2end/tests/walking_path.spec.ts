import { test, expect, agentPage, customerWidget, customerSays, PASSWORD } from "./helpers";

test("a customer writes, an agent accepts and replies, and each sees the other live", async ({ browser }) => {
  const agent = await agentPage(browser, "ben@example.com");
  await expect(agent.getByTestId("me")).toHaveText("Ben Okafor");
  await agent.getByTestId("tab-pending").click();
  const before = Number(await agent.getByTestId("count-pending").textContent());

  const { shop, widget } = await customerWidget(browser);
  await expect(widget.locator(".greeting")).toContainText("How can we help");
  const hello = `Hello from the shop ${Date.now()}`;
  await customerSays(widget, hello);

  // The agent's Pending tab gains the conversation without a reload.
  const row = agent.getByTestId("conversation-row").filter({ hasText: hello });
  await expect(row).toBeVisible();
  await expect(agent.getByTestId("count-pending")).toHaveText(String(before + 1));
  await expect(agent.getByTestId("count-pending")).toHaveClass(/unread/);

  await row.click();
  await expect(agent.getByTestId("timeline")).toContainText(hello);
  await expect(agent.getByTestId("new-messages")).toBeVisible();
  await agent.getByTestId("accept").click();

  // Accepted: it moves to Working On, held by Ben.
  await expect(agent.getByTestId("tab-working_on")).toHaveAttribute("aria-selected", "true");
  await expect(agent.getByTestId("status")).toHaveText("Working on · Ben Okafor");
  await expect(agent.getByTestId("conversation-row").filter({ hasText: hello })).toBeVisible();
  await expect(agent.getByTestId("timeline")).toContainText("Ben Okafor accepted the conversation");

  const reply = `Hi! Ben here, happy to help (${Date.now()})`;
  await agent.getByTestId("composer").fill(reply);
  await agent.getByTestId("composer").press("Enter");
  await expect(agent.getByTestId("timeline")).toContainText(reply);
  await expect(agent.getByTestId("composer")).toHaveValue("");

  // The customer sees the reply live, signed with the agent's name.
  await expect(widget.getByTestId("widget-message").filter({ hasText: reply })).toBeVisible();
  await expect(widget.getByTestId("widget-operator")).toHaveText("Ben Okafor is answering");

  // A reload of the host page keeps the conversation.
  await shop.reload();
  await shop.locator("#switchboard-launcher").click();
  const again = shop.frameLocator("#switchboard-frame");
  await expect(again.getByTestId("widget-message").filter({ hasText: hello })).toBeVisible();
  await expect(again.getByTestId("widget-message").filter({ hasText: reply })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill("ben@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("the e-mail or password is wrong");
  // (A click before the page's script has started posts the form itself:
  // the answer is the login page again, saying why, in its address.)
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
});

test("a login sent before the page's script has started is answered on the login page: wrong, it says why; right, it logs in", async ({ page }) => {
  // The page's program never arrives (a slow line): the form is sent by the browser itself.
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto("/login");
  await page.getByLabel("E-mail").fill("ben@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("the e-mail or password is wrong");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("E-mail").fill("ben@example.com");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("me")).toHaveText("Ben Okafor");
});

test("customer text is shown as text, never run as markup", async ({ browser }) => {
  const agent = await agentPage(browser, "ada@example.com");
  let dialogs = 0;
  agent.on("dialog", (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await agent.getByTestId("tab-pending").click();
  const { widget } = await customerWidget(browser);
  const payload = `<img src=x onerror="alert(1)"><script>alert(2)</script> ${Date.now()}`;
  await customerSays(widget, payload);
  const row = agent.getByTestId("conversation-row").filter({ hasText: "<img src=x" });
  await row.click();
  await expect(agent.getByTestId("timeline")).toContainText(payload);
  await expect(agent.locator(".timeline img")).toHaveCount(0);
  expect(dialogs).toBe(0);
});
