import { test as base, expect, type APIRequestContext, type Browser, type Page, type FrameLocator } from "@playwright/test";
import { hostPort } from "../playwright.config";

/** The suite's `test`: whatever browser contexts a test opened (its agents,
 * its customers) are closed when it ends. Left open, every earlier test's
 * agents would stay logged in, live and busy for the rest of the run,
 * slowing each later test on a small machine. */
export const test = base.extend<{ closesItsContexts: void }>({
  closesItsContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((context) => !before.has(context)).map((context) => context.close()));
    },
    { auto: true },
  ],
});
export { expect };

export const PASSWORD = "switchboard";

/** Logs an agent in, in a context of its own, and waits for the live stream. */
export async function agentPage(browser: Browser, email: string, startFresh = true): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("me")).toBeVisible();
  // Hydrated and connected: the live dot turns green.
  await expect(page.locator(".topbar .live-dot.online")).toBeVisible();
  if (startFresh) {
    // The inbox resumes where this agent was in an earlier test: start each
    // test from the inbox's Working On tab.
    await page.getByTestId("mode-inbox").click();
    await page.getByTestId("tab-working_on").click();
  }
  return page;
}

/** Opens the demo shop as a new customer and opens the chat widget. */
export async function customerWidget(browser: Browser): Promise<{ shop: Page; widget: FrameLocator }> {
  const shop = await (await browser.newContext()).newPage();
  await shop.goto("/demo");
  await shop.locator("#switchboard-launcher").click();
  const widget = shop.frameLocator("#switchboard-frame");
  await expect(widget.locator(".widget .live-dot.online")).toBeVisible();
  return { shop, widget };
}

/** In the team chat, `page`'s agent makes channel `name` and brings Ada
 * Lovelace in. */
export async function newChannelWithAda(page: Page, name: string) {
  await page.getByTestId("new-channel").click();
  await page.getByTestId("channel-name").fill(name);
  await page.getByTestId("create-channel").click();
  await expect(page.getByTestId("channel-title")).toHaveText(`#${name}`);
  await page.getByTestId("invite-open").click();
  await page.getByTestId("staff-filter").fill("ada");
  await page.getByTestId("staff-picker").getByLabel("Ada Lovelace").check();
  await page.getByTestId("invite").click();
  await expect(page.getByTestId("channel-members")).toHaveText("2 members");
}

/** Opens another company's site (another origin than Switchboard's)
 * embedding the widget with `key`, as a customer, and the chat. */
export async function hostWidget(
  browser: Browser,
  server: string,
  key: string,
  extra: Record<string, string> = {},
): Promise<{ site: Page; widget: FrameLocator }> {
  const site = await (await browser.newContext()).newPage();
  const query = new URLSearchParams({ server, key, ...extra });
  await site.goto(`http://127.0.0.1:${hostPort}/?${query}`);
  await site.locator("#switchboard-launcher").click();
  const widget = site.frameLocator("#switchboard-frame");
  await expect(widget.getByTestId("widget")).toBeVisible();
  return { site, widget };
}

export async function customerSays(widget: FrameLocator, text: string) {
  await widget.getByTestId("widget-input").fill(text);
  await widget.getByRole("button", { name: "Send" }).click();
  await expect(widget.getByTestId("widget-message").filter({ hasText: text })).toBeVisible();
}

/** A server of a test's own on `port`, with a fresh SQLite store (the
 * demo data in it when `demo`), to stop and start at will. */
export async function ownServer(port: number, demo: boolean) {
  const { spawn, execFileSync } = await import("node:child_process");
  const { rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const base = `http://127.0.0.1:${port}`;
  const db = join(tmpdir(), `switchboard-e2e-own-${port}-${process.pid}.db`);
  // The same build as the main server (SWITCHBOARD_BIN, from the repository's root).
  const bin = join(__dirname, "../..", process.env.SWITCHBOARD_BIN ?? "target/release/switchboard");
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${db}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: join(__dirname, "../../target/site"),
  };
  const removeStore = () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
    rmSync(db + "-attachments", { force: true, recursive: true });
  };
  removeStore();
  if (demo) execFileSync(bin, ["demo"], { env });
  let server: import("node:child_process").ChildProcess | undefined;
  const own = {
    base,
    start: async () => {
      server = spawn(bin, ["serve"], { env, stdio: "ignore" });
      await expect
        .poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status, { timeout: 20_000 })
        .toBe(200);
    },
    stop: async () => {
      if (!server || server.exitCode !== null) return;
      const stopped = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await stopped;
    },
    /** Stops it and removes its store. */
    remove: async () => {
      await own.stop();
      removeStore();
    },
  };
  await own.start();
  return own;
}

/** A new customer writes through the widget's API; answers the conversation's number. */
export async function customerWrites(api: APIRequestContext, name: string, body: string): Promise<number> {
  const config = await (await api.get("/demo")).text();
  const key = /data-key="([^"]+)"/.exec(config)![1];
  const session = await (await api.post("/api/v1/widget/sessions", { data: { widget_key: key, name } })).json();
  const sent = await (
    await api.post("/api/v1/widget/messages", {
      headers: { "X-Contact-Token": session.contact_token },
      data: { client_id: crypto.randomUUID(), body },
    })
  ).json();
  return sent.conversation.number;
}
