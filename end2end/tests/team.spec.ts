import { type Page } from "@playwright/test";
import { test, expect, agentPage } from "./helpers";

const DANA_PASSWORD = "dana-password-1";

/** Opens the Team dialog afresh (it reads the team when it opens). */
async function openTeam(ada: Page) {
  const dialog = ada.getByTestId("team-dialog");
  if (await dialog.count()) {
    await ada.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  }
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-team").click();
  await expect(dialog).toBeVisible();
  return dialog;
}

test("an admin invites an agent, who joins by the link, and deactivating them stops them at once", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  const email = `dana-${Date.now()}@example.com`;

  // Ada invites Dana as an agent and sees the link to pass on.
  let dialog = await openTeam(ada);
  await expect(dialog.getByTestId("team-member").filter({ hasText: "ada@example.com" })).toBeVisible();
  await dialog.getByTestId("invite-email").fill(email);
  await dialog.getByTestId("invite-name").fill("Dana Scully");
  await dialog.getByTestId("invite-role").selectOption("agent");
  await dialog.getByTestId("invite-submit").click();
  const linkField = dialog.getByTestId("invitation-link");
  await expect(linkField).toHaveValue(/\/join\?token=/);
  await expect(dialog.getByTestId("invitation-note")).toHaveText(
    new RegExp(`Sent to ${email.replace(/[.]/g, "\\.")}|No mail server is set: send them this link`),
  );
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  const link = await linkField.inputValue();

  // Dana opens it in a browser of her own, chooses a password and lands in the inbox.
  const danaContext = await browser.newContext();
  const dana = await danaContext.newPage();
  await dana.goto(link);
  await expect(dana.getByTestId("join-heading")).toContainText(`as Dana Scully (${email})`);
  await expect(dana.getByTestId("join-submit")).toBeEnabled();
  await dana.getByTestId("join-password").fill(DANA_PASSWORD);
  await dana.getByTestId("join-repeat").fill(DANA_PASSWORD);
  await dana.getByTestId("join-submit").click();
  await expect(dana.getByTestId("me")).toHaveText("Dana Scully");
  expect(new URL(dana.url()).pathname).toBe("/");
  expect((await dana.request.get("/api/v1/me")).status()).toBe(200);

  // The link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByTestId("join-unusable")).toContainText("cannot be used");
  await expect(again.getByTestId("join-form")).toHaveCount(0);

  // Ada deactivates Dana: Dana's next call is refused.
  dialog = await openTeam(ada);
  const row = dialog.locator(`[data-testid="team-member"][data-email="${email}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("member-status")).toHaveText("Active");
  await row.getByTestId("member-active-toggle").click();
  await row.getByTestId("member-active-toggle-confirm").click();
  await expect(row.getByTestId("member-status")).toHaveText("Deactivated");
  await expect(row.getByTestId("member-active-toggle")).toHaveText("Reactivate");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  expect((await dana.request.get("/api/v1/me")).status()).toBe(401);
  await ada.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // The audit shows both changes, newest first.
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-audit").click();
  const audit = ada.getByTestId("audit-dialog");
  await expect(audit).toBeVisible();
  const entries = audit.getByTestId("audit-entry").filter({ hasText: email });
  await expect(entries.filter({ hasText: "agent.invited" })).toHaveCount(1);
  await expect(entries.filter({ hasText: "agent.deactivated" })).toHaveCount(1);
  await expect(entries.first().getByTestId("audit-action")).toHaveText("agent.deactivated");
  await ada.keyboard.press("Escape");
  await expect(audit).toHaveCount(0);

  await danaContext.close();
});

test("an agent makes an API token, uses it, and revokes it", async ({ browser, baseURL, playwright }) => {
  const ben = await agentPage(browser, "ben@example.com");
  // Running the team is for admins.
  await expect(ben.getByTestId("open-team")).toHaveCount(0);
  await expect(ben.getByTestId("open-audit")).toHaveCount(0);

  await ben.getByTestId("account").click();

  await ben.getByTestId("open-tokens").click();
  const dialog = ben.getByTestId("tokens-dialog");
  await expect(dialog).toBeVisible();
  const name = `Reporting script ${Date.now()}`;
  await dialog.getByTestId("token-name").fill(name);
  await dialog.getByTestId("create-token").click();
  const secret = dialog.getByTestId("new-token");
  await expect(secret).toHaveValue(/^sbt_/);
  await expect(dialog).toContainText("will not be shown again");
  const token = await secret.inputValue();
  const row = dialog.getByTestId("api-token").filter({ hasText: name });
  await expect(row).toBeVisible();

  // The token acts as Ben, without any cookie.
  const api = await playwright.request.newContext({ baseURL });
  const auth = { Authorization: `Bearer ${token}` };
  const me = await api.get("/api/v1/me", { headers: auth });
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe("ben@example.com");

  // Revoked, it stops at once.
  await row.getByTestId("revoke-token").click();
  await row.getByTestId("revoke-token-confirm").click();
  await expect(row.getByTestId("token-revoked")).toHaveText("Revoked");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  expect((await api.get("/api/v1/me", { headers: auth })).status()).toBe(401);
  await api.dispose();

  await ben.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
});
