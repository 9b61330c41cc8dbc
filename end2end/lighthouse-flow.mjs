// Lighthouse's timespan (a user flow, its desktop preset) over an agent's
// working minute in the inbox: a customer has just written in; the agent
// switches tabs, opens conversations, moves with the keyboard, accepts the
// new one, writes and sends a reply, resolves it, opens the team chat and
// the shortcuts' help. Each run leaves the inbox as it found it, with one
// more resolved conversation (the customer's).
// Prints one JSON line: the interaction to next paint (INP, the slowest
// interaction's delay to its next frame), where that interaction's time
// went, and the layout shift and blocking time over the whole span.
// Usage: node lighthouse-flow.mjs BASE_URL COOKIE_NAME=VALUE
import puppeteer from "puppeteer-core";
import { startFlow, desktopConfig } from "lighthouse";

const [base, cookie] = process.argv.slice(2);
const [cookieName, ...cookieValue] = cookie.split("=");

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1350, height: 940 });
  await browser.setCookie({ name: cookieName, value: cookieValue.join("="), url: base });
  await page.goto(`${base}/`);
  // Hydrated and connected: the live dot turns green.
  await page.waitForSelector(".topbar .live-dot.online");

  // A customer writes in from the demo shop's widget.
  const shop = await browser.newPage();
  await shop.goto(`${base}/demo`);
  await shop.click("#switchboard-launcher");
  const widget = await (await shop.waitForSelector("#switchboard-frame")).contentFrame();
  await widget.waitForSelector(".widget .live-dot.online");
  const question = `Where is my parcel? ${Date.now()}`;
  await widget.type('[data-testid="widget-input"]', question);
  await shop.keyboard.press("Enter");
  await widget.waitForFunction((text) => document.body.textContent.includes(text), {}, question);
  await shop.close();
  await page.bringToFront();

  const flow = await startFlow(page, { config: desktopConfig, name: "An agent's working minute" });
  await flow.startTimespan({ name: "Working the inbox" });
  const rows = 'ul[aria-busy="false"] [data-testid="conversation-row"]';
  const pause = () => new Promise((done) => setTimeout(done, 300));
  // Lighthouse counts every layout shift in a span's first 500 ms, even one
  // a click caused (it takes them for its own emulation's): the first
  // click waits them out.
  await new Promise((done) => setTimeout(done, 600));

  await page.click('[data-testid="tab-pending"]');
  await page.waitForSelector(rows);
  await pause();
  await page.click(rows); // the longest wait first
  await page.waitForSelector('[data-testid="conversation-pane"]');
  await pause();
  await page.select('[data-testid="list-order"]', "newest");
  await page.waitForFunction(
    (text) => document.querySelector('ul[aria-busy="false"] [data-testid="conversation-row"]')?.textContent.includes(text),
    {},
    question,
  );
  await page.click(rows); // the customer's, the newest
  await pause();
  await page.click("body", { offset: { x: 5, y: 5 } });
  for (const key of ["j", "k"]) {
    await page.keyboard.press(key);
    await pause();
  }
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="conversation-pane"]')?.textContent.includes(text),
    {},
    question,
  );
  await page.keyboard.press("a"); // accept the customer's new conversation
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.startsWith("Working on"));
  await pause();
  await page.keyboard.press("r");
  await page.keyboard.type("Thanks, I am looking into it now.", { delay: 40 });
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-testid="composer"]')?.value === "");
  await pause();
  await page.keyboard.press("Escape");
  await page.keyboard.press("e"); // resolve it
  await page.waitForSelector('[data-testid="undo-offer"]');
  await pause();
  await page.click('[data-testid="tab-working_on"]');
  await page.waitForSelector(rows);
  await pause();
  await page.click('[data-testid="tab-resolved"]');
  await page.waitForSelector('ul[aria-busy="false"]');
  await pause();
  await page.keyboard.press("g"); // the team chat, made when first opened
  await page.waitForSelector('[data-testid="chat-sidebar"]');
  await pause();
  await page.keyboard.press("g");
  await page.keyboard.press("?"); // the shortcuts' help
  await page.waitForSelector('[data-testid="shortcut-help"]');
  await pause();
  await page.keyboard.press("Escape");
  await pause();
  await flow.endTimespan();

  const { steps } = await flow.createFlowResult();
  const { audits, runtimeError } = steps[0].lhr;
  if (runtimeError) throw new Error(runtimeError.message);
  const inp = audits["interaction-to-next-paint"];
  // Where the slowest interaction's time went, and on what element.
  const breakdown = audits["inp-breakdown-insight"]?.details?.items ?? [];
  const node = breakdown.find((item) => item.type === "node");
  const parts = breakdown.find((item) => item.type === "table")?.items ?? [];
  const element = node?.snippet?.match(/data-testid="([^"]+)"/)?.[1] ?? node?.snippet?.slice(0, 60);
  const slowest = [
    element,
    parts.map((part) => `${part.label.toLowerCase()} ${Math.round(part.duration)} ms`).join(", "),
  ]
    .filter(Boolean)
    .join(": ");
  console.log(
    JSON.stringify({
      inp: inp.numericValue ?? null,
      slowest,
      cls: audits["cumulative-layout-shift"].numericValue,
      tbt: audits["total-blocking-time"].numericValue,
    }),
  );
} finally {
  await browser.close();
}
