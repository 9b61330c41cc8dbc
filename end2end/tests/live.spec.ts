import { test, expect, agentPage, customerWidget, customerSays } from "./helpers";

test("ticks, typing and presence follow both sides live", async ({ browser }) => {
  const agent = await agentPage(browser, "chloe@example.com");
  const { widget } = await customerWidget(browser);
  const hello = `Is this in stock? ${Date.now()}`;
  await customerSays(widget, hello);
  const mine = widget.getByTestId("widget-message").filter({ hasText: hello });

  // The agent's inbox got it: two grey ticks for the customer.
  await expect(mine.getByTestId("ticks")).toHaveAttribute("data-status", "delivered");

  // The customer types; the agent, with the conversation open, sees it.
  await agent.getByTestId("tab-pending").click();
  await agent.getByTestId("conversation-row").filter({ hasText: hello }).click();
  await expect(agent.getByTestId("customer-presence")).toHaveClass(/online/);
  // Opening it read it: blue ticks for the customer, with the time on hover.
  await expect(mine.getByTestId("ticks")).toHaveAttribute("data-status", "read");
  await expect(mine.getByTestId("ticks")).toHaveAttribute("title", /Read \d\d:\d\d/);

  await widget.getByTestId("widget-input").pressSequentially("one mo");
  await expect(agent.getByTestId("typing")).toHaveText(/is typing…/);

  // The agent types and replies; the customer sees the typing, then the
  // reply, which the open widget reads at once.
  await agent.getByTestId("accept").click();
  await agent.getByTestId("composer").pressSequentially("Yes, we have");
  await expect(widget.getByTestId("widget-typing")).toHaveText("Chloé Martin is typing…");
  await agent.getByTestId("composer").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Yes, we have" })).toBeVisible();
  const reply = agent.getByTestId("message").filter({ hasText: "Yes, we have" });
  await expect(reply.getByTestId("ticks")).toHaveAttribute("data-status", "read");

  // Mark unread: the pane closes, the row shows its unread badge again and
  // so does the tab.
  const row = agent.getByTestId("conversation-row").filter({ hasText: "Yes, we have" });
  await expect(row.getByTestId("unread")).toHaveCount(0);
  await agent.getByTestId("mark-unread").click();
  await expect(agent.getByText("Pick a conversation from the list.")).toBeVisible();
  await expect(row.getByTestId("unread")).toHaveText("1");
  await expect(agent.getByTestId("count-working_on")).toHaveClass(/unread/);
});

test("a message written offline waits in the outbox and is stored once", async ({ browser }) => {
  const agent = await agentPage(browser, "ada@example.com");
  const { shop, widget } = await customerWidget(browser);
  const first = `Before the tunnel ${Date.now()}`;
  await customerSays(widget, first);

  await shop.context().setOffline(true);
  const offline = `Written in the tunnel ${Date.now()}`;
  await widget.getByTestId("widget-input").fill(offline);
  await widget.getByRole("button", { name: "Send" }).click();
  await expect(widget.getByTestId("widget-outgoing").filter({ hasText: offline })).toContainText("Sending…");
  await expect(widget.getByTestId("widget-input")).toHaveValue("");

  await shop.context().setOffline(false);
  await expect(widget.getByTestId("widget-message").filter({ hasText: offline })).toBeVisible({ timeout: 15_000 });
  await expect(widget.getByTestId("widget-outgoing")).toHaveCount(0);

  // The agent finds it once, after the first.
  await agent.getByTestId("tab-pending").click();
  await agent.getByTestId("conversation-row").filter({ hasText: offline }).click();
  const timeline = agent.getByTestId("timeline");
  await expect(timeline.getByTestId("message").filter({ hasText: offline })).toHaveCount(1);
  await expect(timeline.getByTestId("message").filter({ hasText: first })).toHaveCount(1);
});
