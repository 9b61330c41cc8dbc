import { request as playwrightRequest } from "@playwright/test";
import { test, expect, agentPage, customerWidget } from "./helpers";

// Customer-written text that would run script or add elements if it were
// ever treated as markup: tags, attributes, URLs, entities, template and
// markdown tricks, broken nesting.
const PAYLOADS = [
  `<script>window.__xss = 1</script>`,
  `<img src=x onerror="window.__xss=2">`,
  `<svg onload="window.__xss=3">`,
  `<svg><script>window.__xss=4</script></svg>`,
  `<iframe src="javascript:window.parent.__xss=5"></iframe>`,
  `<body onload="window.__xss=6">`,
  `<input autofocus onfocus="window.__xss=7">`,
  `<details open ontoggle="window.__xss=8">`,
  `<video><source onerror="window.__xss=9"></video>`,
  `<audio src=x onerror="window.__xss=10">`,
  `<a href="javascript:window.__xss=11">click</a>`,
  `<marquee onstart="window.__xss=12">`,
  `<object data="javascript:window.__xss=13">`,
  `<embed src="javascript:window.__xss=14">`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=15">`,
  `"><img src=x onerror="window.__xss=16">`,
  `'><svg onload='window.__xss=17'>`,
  `</textarea><img src=x onerror="window.__xss=18">`,
  `</title><img src=x onerror="window.__xss=19">`,
  `<style>@import "javascript:window.__xss=20";</style>`,
  `<div style="background:url(javascript:window.__xss=21)">`,
  `<img src="x" onerror=window.__xss=22>`,
  `<IMG SRC=x OnErRoR="window.__xss=23">`,
  `<img/src=x/onerror=window.__xss=24>`,
  `<img src=x onerror=&#119;indow.__xss=25>`,
  `&lt;img src=x onerror="window.__xss=26"&gt;`,
  `<scr<script>ipt>window.__xss=27</scr</script>ipt>`,
  `<<script>window.__xss=28//<</script>`,
  `<form><button formaction="javascript:window.__xss=29">x</button></form>`,
  `<isindex action="javascript:window.__xss=30" type=image>`,
  `<link rel=import href="data:text/html,<script>parent.__xss=31</script>">`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.__xss=32">`,
  `<base href="javascript:window.__xss=33//">`,
  `<template><img src=x onerror="window.__xss=34"></template>`,
  `<noscript><p title="</noscript><img src=x onerror=window.__xss=35>">`,
  `<select onfocus="window.__xss=36" autofocus>`,
  `<keygen autofocus onfocus="window.__xss=37">`,
  `<textarea autofocus onfocus="window.__xss=38">`,
  `<table background="javascript:window.__xss=39">`,
  `<div onmouseover="window.__xss=40">hover me</div>`,
  `javascript:window.__xss=41`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9NDI8L3NjcmlwdD4=`,
  `[click](javascript:window.__xss=43)`,
  `![x](x" onerror="window.__xss=44)`,
  `{{constructor.constructor('window.__xss=45')()}}`,
  `\${window.__xss=46}`,
  `<img src=x onerror="window.__xss=47"`,
  `<svg><animate onbegin="window.__xss=48" attributeName=x dur=1s>`,
  `<x contenteditable onblur="window.__xss=49">lose focus</x>`,
  `<script src="data:text/javascript,window.__xss=50"></script>`,
  `<div id="injected-51">injected</div>`,
  `<span id="injected-52" style="position:fixed;inset:0">overlay</span>`,
  `\u202e<img src=x onerror="window.__xss=53">`,
  `<img src=x onerror="alert('xss-54')">`,
];

// The same tricks inside formatting the server reads (bold, links, code,
// lists): each pair is what is sent and the text it must show.
const FORMATTED: [string, string][] = [
  [`*<img src=x onerror="window.__xss=55">*`, `<img src=x onerror="window.__xss=55">`],
  [`[<img src=x onerror=window.__xss=56>](https://example.com/56)`, `<img src=x onerror=window.__xss=56>`],
  [`https://example.com/"><img src=x onerror=window.__xss=57>`, `<img src=x onerror=window.__xss=57>`],
  [`_x_ [y](javascript:window.__xss=58)`, `x y`],
  [`\`<script>window.__xss=59</script>\``, `<script>window.__xss=59</script>`],
  [`- <svg onload="window.__xss=60">\n- *b*`, `<svg onload="window.__xss=60">`],
  ["```\n<iframe src=\"javascript:window.parent.__xss=61\"></iframe>\n```", `<iframe src="javascript:window.parent.__xss=61"></iframe>`],
  [`**[a](data:text/html,<script>parent.__xss=62</script>)**`, `a`],
  [`_<a href="javascript:window.__xss=63">x</a>_`, `<a href="javascript:window.__xss=63">x</a>`],
];

test(`${PAYLOADS.length + FORMATTED.length} XSS payloads from a customer run nothing in the agent's inbox`, async ({ browser, baseURL }) => {
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
  const agent = await agentPage(browser, "ada@example.com");
  const dialogs: string[] = [];
  agent.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  // One customer, named with a payload too, sends the whole corpus.
  const api = await playwrightRequest.newContext({ baseURL });
  const key = /data-key="([^"]+)"/.exec(await (await api.get("/demo")).text())![1];
  const name = `<img src=x onerror="window.__xss='name'">Mallory ${Date.now()}`;
  const session = await (await api.post("/api/v1/widget/sessions", { data: { widget_key: key, name } })).json();
  for (const body of [...FORMATTED.map(([sent]) => sent), ...PAYLOADS]) {
    const sent = await api.post("/api/v1/widget/messages", {
      headers: { "X-Contact-Token": session.contact_token },
      data: { client_id: crypto.randomUUID(), body },
    });
    expect(sent.status(), body).toBe(201);
  }

  // The list (name and preview), the pane (every message), the lightbox.
  await agent.getByTestId("tab-pending").click();
  const row = agent.getByTestId("conversation-row").filter({ hasText: "Mallory" });
  await expect(row).toContainText(PAYLOADS[PAYLOADS.length - 1]);
  await row.click();
  const timeline = agent.getByTestId("timeline");
  for (const body of PAYLOADS) {
    await expect(timeline.getByTestId("message").filter({ hasText: body.trim() }).first()).toBeVisible();
  }
  for (const [, shown] of FORMATTED) {
    await expect(timeline.getByTestId("message").filter({ hasText: shown }).first()).toBeVisible();
  }
  // Every link there is one the server let through, opening in a new tab.
  await expect(timeline.locator(".body a:not([rel='noopener noreferrer nofollow'])")).toHaveCount(0);
  await expect(timeline.locator(".body a:not([href^='https://'])")).toHaveCount(0);
  await agent.getByTestId("view-customer").click();
  await expect(agent.getByTestId("customer-name")).toHaveText(name);
  await agent.keyboard.press("Escape");
  await agent.getByTestId("inbox-search").fill("Mallory");
  await agent.getByTestId("inbox-search").press("Enter");
  await expect(agent.getByTestId("search-results")).toContainText("Mallory");

  // Nothing ran, nothing was added to the page.
  await agent.mouse.move(400, 400);
  await agent.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  expect(await agent.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  // (The conversation's timeline alone: team chat, open beside it, may
  // carry a colleague's picture.)
  await expect(
    timeline.locator("img, svg, iframe, script, video, audio, object, embed, a[href^='javascript']"),
  ).toHaveCount(0);
  await expect(agent.locator(".conversation-list img, #injected-51, #injected-52, .modal img")).toHaveCount(0);
});

test(`the ${PAYLOADS.length + FORMATTED.length} XSS payloads run nothing in the customer's widget, live or read back`, async ({ browser }) => {
  // An agent is online, so the customer has the chat (not the offline form).
  await agentPage(browser, "ben@example.com");
  const { shop, widget } = await customerWidget(browser);
  const dialogs: string[] = [];
  shop.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const bodies = [...FORMATTED.map(([sent]) => sent), ...PAYLOADS];
  for (const body of bodies) {
    await widget.getByTestId("widget-input").fill(body);
    await widget.getByRole("button", { name: "Send" }).click();
  }
  const messages = widget.getByTestId("widget-messages");
  const nothingRan = async () => {
    await expect(widget.getByTestId("widget-message")).toHaveCount(bodies.length);
    await expect(widget.getByTestId("widget-outgoing")).toHaveCount(0);
    for (const [, shown] of FORMATTED) {
      await expect(widget.getByTestId("widget-message").filter({ hasText: shown }).first()).toBeVisible();
    }
    // Every link is one the server let through, opening in a new tab.
    await expect(messages.locator(".body a:not([rel='noopener noreferrer nofollow'])")).toHaveCount(0);
    await expect(messages.locator(".body a:not([href^='https://'])")).toHaveCount(0);
    await expect(
      messages.locator("img, svg, iframe, script, video, audio, object, embed, input, textarea, a[href^='javascript'], #injected-51, #injected-52"),
    ).toHaveCount(0);
    const frame = shop.frames().find((f) => f.url().includes("/widget/frame"))!;
    expect(await frame.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await shop.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  };
  // As sent, then as the server gives the history back on the next visit.
  await nothingRan();
  await shop.reload();
  await shop.locator("#switchboard-launcher").click();
  await nothingRan();
});

test(`the ${PAYLOADS.length} XSS payloads as file names run nothing in the inbox or the widget`, async ({ browser, baseURL }) => {
  const agent = await agentPage(browser, "ada@example.com");
  const dialogs: string[] = [];
  agent.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const api = await playwrightRequest.newContext({ baseURL });
  const key = /data-key="([^"]+)"/.exec(await (await api.get("/demo")).text())![1];
  const name = `Filer ${Date.now()}`;
  const session = await (await api.post("/api/v1/widget/sessions", { data: { widget_key: key, name } })).json();
  const headers = { "X-Contact-Token": session.contact_token };
  // Each payload names a small text file; ten go with each message.
  const ids: string[] = [];
  for (const payload of PAYLOADS) {
    const uploaded = await api.post("/api/v1/widget/attachments", {
      headers,
      multipart: { file: { name: payload, mimeType: "text/html", buffer: Buffer.from("hello") } },
    });
    expect(uploaded.status(), payload).toBe(201);
    ids.push((await uploaded.json()).id);
  }
  for (let i = 0; i < ids.length; i += 10) {
    const sent = await api.post("/api/v1/widget/messages", {
      headers,
      data: { client_id: crypto.randomUUID(), body: `files ${i}`, attachments: ids.slice(i, i + 10) },
    });
    expect(sent.status()).toBe(201);
  }

  await agent.getByTestId("tab-pending").click();
  await agent.getByTestId("conversation-row").filter({ hasText: name }).click();
  const timeline = agent.getByTestId("timeline");
  await expect(timeline.getByTestId("attachment-file")).toHaveCount(PAYLOADS.length);
  await agent.getByTestId("view-customer").click();
  await expect(agent.getByTestId("customer-files").getByTestId("attachment-file")).toHaveCount(PAYLOADS.length);
  await agent.keyboard.press("Escape");

  await agent.mouse.move(400, 400);
  await agent.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  expect(await agent.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(timeline.locator("img, svg, iframe, script")).toHaveCount(0);
  await expect(agent.locator("#injected-51, #injected-52")).toHaveCount(0);
});
