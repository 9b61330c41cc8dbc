import AxeBuilder from "@axe-core/playwright";
import { test, expect, agentPage, customerWidget, customerSays } from "./helpers";

test("a customer rates a resolved chat in the widget; the agent sees it live and the team lead in the report", async ({ browser, baseURL }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const { shop, widget } = await customerWidget(browser);
  const tag = String(Date.now() % 100000);
  const question = `Did my refund go through? ${tag}`;
  await customerSays(widget, question);
  // Not asked while the conversation is open, and the script is not fetched.
  const ratingScripts: string[] = [];
  shop.on("request", (r) => {
    if (r.url().includes("/widget/rating.js")) ratingScripts.push(r.url());
  });
  await expect(widget.getByTestId("widget-rating")).toHaveCount(0);

  // Ben takes it and resolves it.
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: question }).click();
  await ben.getByTestId("accept").click();
  await ben.getByTestId("resolve").click();
  await expect(ben.getByTestId("status")).toContainText("Resolved");

  // The widget asks, with five faces a keyboard reaches.
  const rating = widget.getByTestId("widget-rating");
  await expect(rating).toContainText("How did we do?");
  expect(ratingScripts.length).toBe(1);
  const faces = rating.getByTestId("widget-rating-score");
  await expect(faces).toHaveCount(5);
  await faces.nth(1).focus();
  await shop.keyboard.press("Enter");
  await expect(rating.getByRole("button", { name: "2 of 5: Bad" })).toHaveAttribute("aria-pressed", "true");
  // Ben sees it at once, in the header and the history.
  await expect(ben.getByTestId("rating")).toContainText("2/5");
  await expect(ben.getByTestId("timeline")).toContainText("rated the conversation 🙁 2 of 5 (Bad)");

  // The customer thinks again: a better score and a comment.
  await rating.getByRole("button", { name: "4 of 5: Good" }).click();
  await expect(rating.getByRole("button", { name: "4 of 5: Good" })).toHaveAttribute("aria-pressed", "true");
  await rating.getByTestId("widget-rating-comment").fill(`Sorted in minutes ${tag}`);
  await rating.getByTestId("widget-rating-send").click();
  await expect(rating.getByRole("status")).toContainText("Thank you!");
  await expect(ben.getByTestId("rating")).toContainText("4/5");
  await expect(ben.getByTestId("timeline")).toContainText(`4 of 5 (Good): “Sorted in minutes ${tag}”`);

  // Back later: the answer given shows, still changeable.
  await shop.reload();
  await shop.locator("#switchboard-launcher").click();
  await expect(widget.getByTestId("widget-rating").getByRole("button", { name: "4 of 5: Good" })).toHaveAttribute("aria-pressed", "true");
  await expect(widget.getByTestId("widget-rating-comment")).toHaveValue(`Sorted in minutes ${tag}`);

  // The team lead reads it in the report, opens the conversation from it,
  // and downloads the ratings.
  const ada = await agentPage(browser, "ada@example.com");
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-satisfaction").click();
  const dialog = ada.getByTestId("satisfaction-dialog");
  const row = dialog.getByTestId("report-rating").filter({ hasText: `Sorted in minutes ${tag}` });
  await expect(row).toContainText("🙂 4");
  await expect(dialog.getByTestId("report-average")).toContainText("/ 5");
  const axe = await new AxeBuilder({ page: ada }).include("[data-testid=satisfaction-dialog]").analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  // One score at a time: the demo's weeks hold some of each, so only the
  // rows of that score stay.
  await dialog.getByTestId("report-score").selectOption("1");
  await expect(dialog.getByTestId("report-rating").filter({ hasText: `Sorted in minutes ${tag}` })).toHaveCount(0);
  await expect(dialog.getByTestId("report-rating").filter({ hasNotText: "😞 1" })).toHaveCount(0);
  await dialog.getByTestId("report-score").selectOption("4");
  const csv = await ada.request.get(await dialog.getByTestId("report-export").getAttribute("href") ?? "", { headers: { Origin: baseURL! } });
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(`Sorted in minutes ${tag}`);
  await row.getByTestId("report-open").click();
  await expect(dialog).toHaveCount(0);
  await expect(ada.getByTestId("timeline")).toContainText(question);
  await expect(ada.getByTestId("rating")).toContainText("4/5");

  // The overview counts it too: today's ratings, and Ben's in his row.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-reports").click();
  const reports = ada.getByTestId("reports-dialog");
  await reports.getByTestId("report-period").selectOption("today");
  await expect(reports.getByTestId("figure-rated").locator(".figure-value")).toHaveText(/^[1-9]\d*/);
  const benRow = reports.getByTestId("report-row").filter({ hasText: "Ben Okafor" });
  await expect(benRow.locator("td").last()).toHaveText(/^[1-9]\d*$/);
});
