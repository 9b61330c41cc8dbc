import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage, customerWidget, customerSays } from "./helpers";

test("an admin reads the busiest hours of the demo's conversations, in a time zone of their choice", async ({ browser, baseURL }) => {
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
  const csv = await ada.request.get((await dialog.getByTestId("report-export").getAttribute("href")) ?? "", { headers: { Origin: baseURL! } });
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\n");
  expect(lines[0]).toMatch(/^weekday,00:00,/);
  expect(lines.slice(1).flatMap((l) => l.split(",").slice(1).map(Number)).reduce((a, b) => a + b, 0)).toBe(total);
});

test("a team lead reads the overview of the demo's weeks, its chart and tables, and the live board", async ({ browser, baseURL }) => {
  const ada = await agentPage(browser, "ada@example.com");
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-reports").click();
  const dialog = ada.getByTestId("reports-dialog");

  // Thirty days of figures, each against the thirty before.
  const figure = (id: string) => dialog.getByTestId(id).locator(".figure-value");
  await expect(figure("figure-new")).toHaveText(/^\d{3,}$/);
  expect(Number(await figure("figure-resolved").textContent())).toBeGreaterThan(200);
  await expect(figure("figure-first-response")).toHaveText(/\d+ (s|min|h)/);
  await expect(figure("figure-satisfaction")).toHaveText(/\d\.\d\d \/ 5/);
  await expect(dialog.getByTestId("figure-new").locator(".figure-change")).toHaveText(/▲|▼|same|was|none/);

  // The chart: a bar a day, and the same numbers as a table.
  const chart = dialog.getByTestId("report-chart");
  await expect(chart.locator("rect.chart-bar")).toHaveCount(31);
  await chart.locator("summary").click();
  await expect(chart.getByTestId("report-chart-table").locator("tbody tr")).toHaveCount(31);

  // By agent, sorted by resolves (most first); a name narrows the report.
  const rows = dialog.getByTestId("report-row");
  await expect(rows.filter({ hasText: "Ben Okafor" })).toHaveCount(1);
  await dialog.getByTestId("report-table").getByRole("button", { name: /^Resolved/ }).click();
  const resolved = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelectorAll("td")[1]?.textContent)))).filter((n) => !Number.isNaN(n));
  expect(resolved).toEqual([...resolved].sort((a, b) => b - a));
  await expect(dialog.getByTestId("report-table").getByRole("columnheader", { name: /^Resolved/ })).toHaveAttribute("aria-sort", "descending");
  const allNew = await figure("figure-new").textContent();
  await rows.filter({ hasText: "Ben Okafor" }).getByTestId("report-pick-agent").click();
  await expect(dialog.getByTestId("report-agent")).toHaveValue(/\d+/);
  await expect(figure("figure-new")).not.toHaveText(allNew ?? "");
  await expect(rows).toHaveCount(1);
  await dialog.getByTestId("report-agent").selectOption("");

  // By queue, and the table as a CSV file.
  await dialog.getByTestId("report-by-queue").click();
  await expect(rows.filter({ hasText: "Support" })).toHaveCount(1);
  const csv = await ada.request.get((await dialog.getByTestId("report-breakdown-export").getAttribute("href")) ?? "", { headers: { Origin: baseURL! } });
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toMatch(/^queue,new,resolved,reopened,/);

  // Working hours only, and the definitions where the figures are.
  await dialog.getByTestId("report-business-hours").check();
  await expect(dialog.getByTestId("report-period-shown")).toContainText("times within working hours");
  await dialog.getByTestId("report-definitions").locator("summary").click();
  await expect(dialog.getByTestId("report-definitions")).toContainText("first public reply by an agent");

  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=reports-dialog]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // Live now: a customer writing in shows on the board at once.
  const waiting = dialog.getByTestId("live-waiting");
  await expect(waiting).toHaveText(/^\d+$/);
  const before = Number(await waiting.textContent());
  const { widget } = await customerWidget(browser);
  await customerSays(widget, `Is anyone there? ${Date.now() % 100000}`);
  await expect(waiting).not.toHaveText(String(before));
  await expect(dialog.getByTestId("live-agent").filter({ hasText: "Ada Lovelace" })).toContainText("online");
});
