import type { FrameLocator } from "@playwright/test";
import { test, expect, agentPage, customerWidget } from "./helpers";

// Sends from the widget (the text shown is the formatted one, not as written).
async function write(widget: FrameLocator, text: string) {
  await widget.getByTestId("widget-input").fill(text);
  await widget.getByRole("button", { name: "Send" }).click();
}

// Links and light formatting, read once by the server, drawn as elements
// in the inbox, in team chat and in the customer's widget.
test("links are clickable and formatting renders in the inbox, the widget and team chat", async ({ browser }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const { widget } = await customerWidget(browser);

  // The customer writes a link, bold and code: their widget shows it
  // formatted once the server has it.
  const stamp = Date.now();
  const written = `Order *ABC-${stamp}* is late, see https://example.com/orders/${stamp} and \`SKU-9\``;
  await write(widget, written);
  const mine = widget.getByTestId("widget-message").filter({ hasText: `ABC-${stamp}` });
  await expect(mine.locator("strong")).toHaveText(`ABC-${stamp}`);
  await expect(mine.locator("code")).toHaveText("SKU-9");
  const ownLink = mine.getByRole("link", { name: `https://example.com/orders/${stamp}` });
  await expect(ownLink).toHaveAttribute("target", "_blank");
  await expect(ownLink).toHaveAttribute("rel", "noopener noreferrer nofollow");

  // The agent sees it formatted; the link opens in a new tab and tells the
  // page nothing.
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: `ABC-${stamp}` }).click();
  const message = ben.getByTestId("message").filter({ hasText: `ABC-${stamp}` });
  await expect(message.locator("strong")).toHaveText(`ABC-${stamp}`);
  await expect(message.locator("code")).toHaveText("SKU-9");
  const link = message.getByRole("link", { name: `https://example.com/orders/${stamp}` });
  await expect(link).toHaveAttribute("href", `https://example.com/orders/${stamp}`);
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");

  // The agent answers with a numbered list, italic and a named link.
  await ben.getByTestId("accept").click();
  await ben
    .getByTestId("composer")
    .fill(`Sorry! Two steps (${stamp}):\n\n1. Open _Settings_\n2. Read [the guide](https://example.com/guide)`);
  await ben.getByTestId("composer").press("Enter");
  const answer = ben.getByTestId("message").filter({ hasText: `Two steps (${stamp})` });
  await expect(answer.locator("ol > li")).toHaveText(["Open Settings", "Read the guide"]);
  await expect(answer.locator("em")).toHaveText("Settings");
  await expect(answer.getByRole("link", { name: "the guide" })).toHaveAttribute("href", "https://example.com/guide");
  // The customer sees the same list, italic and link, live.
  const received = widget.getByTestId("widget-message").filter({ hasText: `Two steps (${stamp})` });
  await expect(received.locator("ol > li")).toHaveText(["Open Settings", "Read the guide"]);
  await expect(received.locator("em")).toHaveText("Settings");
  await expect(received.getByRole("link", { name: "the guide" })).toHaveAttribute("href", "https://example.com/guide");

  // A link that is not http(s) or mailto is only its text.
  await write(widget, `[click me ${stamp}](javascript:alert(1)) *now*`);
  const unsafe = ben.getByTestId("message").filter({ hasText: `click me ${stamp}` });
  await expect(unsafe.locator("strong")).toHaveText("now");
  await expect(unsafe.locator("a")).toHaveCount(0);
  await expect(widget.getByTestId("widget-message").filter({ hasText: `click me ${stamp}` }).locator("a")).toHaveCount(0);

  // Team chat: formatting beside a mention and a conversation link.
  await ben.getByTestId("mode-chat").click();
  await ben.getByTestId("channel-row").filter({ hasText: "general" }).click();
  await ben.getByTestId("chat-composer").fill(`@Ada *Deploy ${stamp}* notes at www.example.org`);
  await ben.getByTestId("chat-composer").press("Enter");
  const line = ben.getByTestId("chat-message").filter({ hasText: `Deploy ${stamp}` });
  await expect(line.locator(".body strong")).toHaveText(`Deploy ${stamp}`);
  await expect(line.getByRole("link", { name: "www.example.org" })).toHaveAttribute("href", "https://www.example.org/");
  await expect(line.locator(".mention")).toHaveText("@Ada");
});
