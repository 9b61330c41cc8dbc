import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage } from "./helpers";

test("an admin reads the busiest hours of the demo's conversations, in a time zone of their choice", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-busiest-hours").click();
  const dialog = ada.getByTestId("busiest-hours-dialog");
  const table = dialog.getByTestId("busiest-hours");
  // Seven weekdays of 24 hours, each cell with its number.
  await expect(table.locator("tbody tr")).toHaveCount(7);
  await expect(table.locator("tbody tr").first().locator("td")).toHaveCount(24);
  await expect(dialog.getByTestId("report-total")).toContainText("new conversations");
  const total = Number((await dialog.getByTestId("report-total").textContent())?.split(" ")[0]);
  expect(total).toBeGreaterThan(0);
  const cells = await table.locator("td.heat").allTextContents();
  expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(total);
  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=busiest-hours-dialog]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // A time zone that is not one says so; a real one reads the hours there.
  const zone = dialog.getByTestId("report-time-zone");
  await zone.fill("Mars/Olympus");
  await zone.press("Tab");
  await expect(dialog.getByRole("alert")).toContainText("is not a time zone");
  await zone.fill("Asia/Tokyo");
  await zone.press("Tab");
  await expect(dialog.getByTestId("report-total")).toContainText(`${total} new conversations, hours in Asia/Tokyo.`);
});
