import { test, expect, agentPage, customerWidget, customerSays } from "./helpers";

test("shortcuts work the inbox, ? lists them, and a reload resumes with the draft kept", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const { widget } = await customerWidget(browser);
  const text = `Is the blue one back in stock ${Date.now()}`;
  await customerSays(widget, text);

  await ada.keyboard.press("?");
  const help = ada.getByTestId("shortcut-help");
  await expect(help).toContainText("Accept");
  await expect(help).toContainText("Inbox ⇄ Team chat");
  await ada.keyboard.press("Escape");
  await expect(help).toHaveCount(0);

  // 2: Pending, the longest wait first; in the newest-first order, j and k
  // step through the rows (from wherever Ada was, or from the top), so k
  // pressed once per row reaches the newest; a accepts it.
  await ada.keyboard.press("2");
  await expect(ada.getByTestId("tab-pending")).toHaveAttribute("aria-selected", "true");
  await expect(ada.getByTestId("list-order")).toHaveValue("waiting_longest");
  await ada.getByTestId("list-order").selectOption("newest");
  await ada.locator("body").click({ position: { x: 5, y: 5 } });
  // j acts on the rows of the tab on screen, never on the one just left.
  const rows = ada.locator('ul[aria-busy="false"] [data-testid="conversation-row"]');
  await expect(rows.first()).toContainText(text);
  await ada.keyboard.press("j");
  const count = await rows.count();
  for (let i = 0; i < count; i++) await ada.keyboard.press("k");
  await expect(ada.getByTestId("conversation-pane")).toContainText(text);
  await ada.keyboard.press("a");
  await expect(ada.getByTestId("status")).toHaveText("Working on · Ada Lovelace");

  // r starts a reply; the half-written draft survives a reload, and the
  // inbox opens where Ada was.
  await ada.keyboard.press("r");
  await ada.keyboard.type("Let me check the ware");
  await expect(ada.getByTestId("composer")).toHaveValue("Let me check the ware");
  await ada.reload();
  await expect(ada.locator(".topbar .live-dot.online")).toBeVisible();
  await expect(ada.getByTestId("tab-working_on")).toHaveAttribute("aria-selected", "true");
  await expect(ada.getByTestId("conversation-pane")).toContainText(text);
  await expect(ada.getByTestId("composer")).toHaveValue("Let me check the ware");
  await ada.getByTestId("composer").press("End");
  await ada.getByTestId("composer").pressSequentially("house.");
  await ada.getByTestId("composer").press("Enter");
  await expect(widget.getByTestId("widget-message").filter({ hasText: "Let me check the warehouse." })).toBeVisible();
  await expect(ada.getByTestId("composer")).toHaveValue("");

  // A new login in another browser opens on the same conversation.
  const elsewhere = await agentPage(browser, "ada@example.com", false);
  await expect(elsewhere.getByTestId("tab-working_on")).toHaveAttribute("aria-selected", "true");
  await expect(elsewhere.getByTestId("conversation-pane")).toContainText(text);
  await elsewhere.close();

  // Escape leaves the text box; g switches to the team chat, and back.
  await ada.keyboard.press("Escape");
  await ada.keyboard.press("g");
  await expect(ada.getByTestId("chat-sidebar")).toBeVisible();
  await ada.keyboard.press("g");
  await expect(ada.getByTestId("conversation-pane")).toBeVisible();

  // Pending back in its own order.
  await ada.getByTestId("tab-pending").click();
  await ada.getByTestId("list-order").selectOption("waiting_longest");
  await expect(ada.getByTestId("list-order")).toHaveValue("waiting_longest");
});

test("with alerts on, a pop-up in the background also becomes a browser notification", async ({ browser }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const context = await browser.newContext();
  // The page is in the background, and the browser allows notifications:
  // each one shown is recorded.
  await context.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { __shown: typeof shown }).__shown = shown;
    class RecordedNotification {
      static permission = "granted";
      static requestPermission() {
        return Promise.resolve("granted");
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? "" });
      }
      close() {}
    }
    Object.defineProperty(window, "Notification", { value: RecordedNotification });
    Object.defineProperty(document, "visibilityState", { get: () => "hidden" });
  });
  const ada = await context.newPage();
  await ada.goto("/login");
  await ada.getByLabel("E-mail").fill("ada@example.com");
  await ada.getByLabel("Password").fill("switchboard");
  await ada.getByRole("button", { name: "Log in" }).click();
  await expect(ada.locator(".topbar .live-dot.online")).toBeVisible();

  await expect(ada.getByTestId("alerts")).toHaveAttribute("aria-pressed", "false");
  await ada.getByTestId("alerts").click();
  await expect(ada.getByTestId("alerts")).toHaveAttribute("aria-pressed", "true");

  await ben.getByTestId("mode-chat").click();
  await ben.getByTestId("channel-row").filter({ hasText: "#general" }).click();
  const text = `Stand-up in five ${Date.now()}`;
  await ben.getByTestId("chat-composer").fill(text);
  await ben.getByTestId("chat-composer").press("Enter");

  await expect(ada.getByTestId("notice").filter({ hasText: text })).toBeVisible();
  await expect
    .poll(() => ada.evaluate(() => (window as unknown as { __shown: { body: string }[] }).__shown.map((n) => n.body)))
    .toContainEqual(expect.stringContaining(text));

  // Off again: kept off after a reload.
  await ada.getByTestId("alerts").click();
  await ada.reload();
  await expect(ada.getByTestId("alerts")).toHaveAttribute("aria-pressed", "false");
});
