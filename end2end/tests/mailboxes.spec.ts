import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test, expect, agentPage } from "./helpers";
import { imapPassword, imapPort, imapUser, maildir } from "../playwright.config";

/** Delivers a mail into the test's Dovecot, as a mail server would (IMAP
 * APPEND, with Python's own imaplib). */
function deliver(raw: string) {
  execFileSync("python3", [
    "-c",
    [
      "import imaplib, sys",
      `box = imaplib.IMAP4("127.0.0.1", ${imapPort})`,
      `box.login("${imapUser}", "${imapPassword}")`,
      'box.append("INBOX", None, None, sys.stdin.buffer.read())',
      "box.logout()",
    ].join("\n"),
  ], { input: raw });
}

/** The mail the test SMTP server received that contains `text`. */
function sentMail(text: string): string {
  const box = join(maildir, "new");
  if (!existsSync(box)) return "";
  return readdirSync(box)
    .map((name) => readFileSync(join(box, name), "utf8"))
    .find((mail) => mail.includes(text)) ?? "";
}

test("an admin connects an IMAP mailbox; its mail arrives live in Pending and the reply leaves threaded", async ({ browser }) => {
  const ada = await agentPage(browser, "ada@example.com");
  await ada.getByTestId("open-admin").click();
  await ada.getByTestId("open-mailboxes").click();
  const dialog = ada.getByTestId("mailboxes-dialog");
  await expect(dialog).toBeVisible();

  await dialog.getByTestId("mailbox-address").fill(imapUser);
  await dialog.getByTestId("mailbox-name").fill("Northwind Help");
  await dialog.getByTestId("mailbox-inbound").selectOption("imap");
  await dialog.getByTestId("imap-host").fill("127.0.0.1");
  await dialog.getByTestId("imap-security").selectOption("none");
  await dialog.getByTestId("imap-port").fill(imapPort);
  await dialog.getByTestId("imap-user").fill(imapUser);
  await dialog.getByTestId("imap-password").fill(imapPassword);
  await dialog.getByTestId("save-mailbox").click();
  const card = dialog.getByTestId("mailbox").filter({ hasText: imapUser });
  await expect(card).toBeVisible();
  await card.getByTestId("test-mailbox").click();
  await expect(card.getByTestId("mailbox-check").first()).toContainText("INBOX");
  await ada.keyboard.press("Escape");

  // A customer writes to the mailbox: the conversation appears in Pending,
  // live, with its subject and an envelope.
  await ada.getByTestId("tab-pending").click();
  const subject = `Broken kettle ${Date.now()}`;
  const messageId = `kettle-${Date.now()}@example.net`;
  deliver([
    "From: Kim Lee <kim@example.net>",
    `To: ${imapUser}`,
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    "Date: Sat, 5 Dec 2026 10:00:00 +0000",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "My kettle stopped working after a week.",
    "",
  ].join("\r\n"));
  const row = ada.getByTestId("conversation-row").filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId("row-email")).toBeVisible();
  await row.click();
  await expect(ada.getByTestId("conversation-subject")).toHaveText(subject);
  await expect(ada.getByTestId("timeline")).toContainText("My kettle stopped working");

  // The agent replies: the mail leaves from the mailbox, threaded.
  await ada.getByTestId("accept").click();
  const answer = `We will send a new one today (${Date.now()})`;
  await ada.getByTestId("composer").fill(answer);
  await ada.getByTestId("composer").press("Enter");
  await expect(ada.getByTestId("timeline")).toContainText(answer);
  let mail = "";
  await expect.poll(() => (mail = sentMail(answer)) !== "", { timeout: 20_000 }).toBe(true);
  expect(mail).toMatch(/^To: .*kim@example\.net/m);
  expect(mail).toMatch(new RegExp(`^From: .*${imapUser.replace(/\./g, "\\.")}`, "m"));
  expect(mail).toMatch(new RegExp(`^In-Reply-To: <${messageId.replace(/\./g, "\\.")}>`, "m"));
  expect(mail).toMatch(new RegExp(`^Subject: Re: ${subject} \\[#\\d+\\]`, "m"));
  expect(mail).toMatch(/^Reply-To: .*help\+\d+\.[0-9a-f]{20}@northwind-mail\.test/m);
});
