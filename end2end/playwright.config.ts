import { defineConfig } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The server under test: the release build by default (what CI ships);
// SWITCHBOARD_BIN picks another, e.g. target/debug/switchboard.
const port = process.env.E2E_PORT ?? "3100";
const bin = process.env.SWITCHBOARD_BIN ?? "target/release/switchboard";
const db = join(tmpdir(), `switchboard-e2e-${port}.db`);
// Where the test SMTP server keeps mail, and the host site's port.
export const smtpPort = process.env.E2E_SMTP_PORT ?? "3125";
export const maildir = join(tmpdir(), `switchboard-e2e-mail-${port}`);
export const hostPort = process.env.E2E_HOST_PORT ?? "3101";
/** A port for a test's own server, `offset` above the main one (so runs
 * with another E2E_PORT never meet). */
export const ownPort = (offset: number) => Number(port) + offset;
const python = process.env.SWITCHBOARD_TEST_PYTHON ?? "target/mail-venv/bin/python";
// A real IMAP server (Dovecot) holding a support mailbox.
export const imapPort = process.env.E2E_IMAP_PORT ?? "3143";
export const imapUser = "help@northwind-mail.test";
export const imapPassword = "imap-secret-123";
const imapDir = join(tmpdir(), `switchboard-e2e-imap-${port}`);

export default defineConfig({
  testDir: "./tests",
  // A whole test's budget: the longest make dozens of round trips, and CI's
  // two cores also run the server and the browser (each step still waits
  // at most `expect.timeout`).
  timeout: 90_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not used.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // A real SMTP server that keeps what it receives in a maildir.
      command: `rm -rf ${maildir} && exec ${python} -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${maildir}`,
      cwd: "..",
      port: Number(smtpPort),
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "ignore",
    },
    {
      // A real IMAP server with one mailbox, started empty.
      command: `rm -rf ${imapDir} && exec scripts/imap-test-server ${imapPort} ${imapDir} ${imapUser} ${imapPassword}`,
      cwd: "..",
      port: Number(imapPort),
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "ignore",
    },
    {
      // Another company's site, on another origin, embedding the widget.
      command: `exec python3 -m http.server ${hostPort} --bind 127.0.0.1 --directory end2end/host`,
      cwd: "..",
      port: Number(hostPort),
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "ignore",
    },
    {
      // A fresh SQLite store with the demo data, as the README's run command makes.
      command: `rm -rf ${db} ${db}-wal ${db}-shm ${db}-attachments && ${bin} demo && exec ${bin} serve`,
      cwd: "..",
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${db}`,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: "target/site",
        // Every browser of the run comes from one address.
        SWITCHBOARD_RATE_LIMIT: "1000000",
        SWITCHBOARD_LOGIN_RATE_LIMIT: "1000000",
        // The webhook tests' receivers run on this machine.
        SWITCHBOARD_ALLOW_PRIVATE_WEBHOOKS: "true",
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: "Northwind Support <support@northwind.test>",
        // Mailboxes' IMAP folders are looked at every second.
        MAIL_POLL_SECONDS: "1",
      },
    },
  ],
});
