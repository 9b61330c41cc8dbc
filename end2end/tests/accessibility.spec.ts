import { type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage } from "./helpers";

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("the inbox, a conversation, the team chat and the dialogs have no serious accessibility violations", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  expect(await seriousViolations(ada)).toEqual([]);

  await ada.getByTestId("conversation-row").first().click();
  await expect(ada.getByTestId("status")).toBeVisible();
  expect(await seriousViolations(ada)).toEqual([]);

  await ada.getByTestId("transfer").click();
  await expect(ada.getByTestId("transfer-dialog")).toBeVisible();
  expect(await seriousViolations(ada)).toEqual([]);
  await ada.keyboard.press("Escape");

  await ada.getByTestId("view-customer").click();
  await expect(ada.getByTestId("customer-name")).toBeVisible();
  expect(await seriousViolations(ada)).toEqual([]);
  await ada.keyboard.press("Escape");

  await ada.getByTestId("mode-chat").click();
  await ada.getByTestId("channel-row").filter({ hasText: "#general" }).click();
  await expect(ada.getByTestId("chat-message").first()).toBeVisible();
  expect(await seriousViolations(ada)).toEqual([]);
});
