import { test, expect, agentPage } from "./helpers";

// The admin tools' code is a file of its own, fetched when first opened.
// When it does not arrive, the agent is told and can try again; the rest of
// the inbox carries on.
test("a part of the inbox that fails to load says so, and loads when tried again", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const split = "**/pkg/split_admin_tool.wasm";
  await ada.route(split, (route) => route.abort("internetdisconnected"));

  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-queues").click();
  const error = ada.getByTestId("load-error");
  await expect(error).toContainText("could not be loaded");
  await expect(ada.getByTestId("queues-dialog")).toHaveCount(0);
  // The inbox still works: its tabs switch.
  await ada.getByTestId("tab-pending").click();
  await expect(ada.getByTestId("tab-pending")).toHaveAttribute("aria-selected", "true");

  // The connection is back: trying again opens the dialog.
  await ada.unroute(split);
  await error.getByTestId("load-again").click();
  await expect(ada.getByTestId("queues-dialog")).toBeVisible();
  await expect(error).toHaveCount(0);
});
