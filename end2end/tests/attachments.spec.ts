import { test, expect, agentPage, customerWidget, customerSays } from "./helpers";

// A real 1×1 PNG, and a small PDF.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

// A customer's screenshot (sent through the widget's API) reaches the agent
// live and opens in the lightbox;
// the agent answers with a picture and a PDF (picked, and dropped on the
// conversation) that the customer sees and downloads.
test("files go both ways, live, and pictures open in the lightbox", async ({ browser, request }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const { shop, widget } = await customerWidget(browser);
  const stamp = Date.now();
  await customerSays(widget, `Screens coming ${stamp}`);
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: `Screens coming ${stamp}` }).click();
  await ben.getByTestId("accept").click();

  // The customer's screenshot, sent through the widget's API with their token.
  const token = await shop.frameLocator("#switchboard-frame").locator("body").evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith("switchboard.contact_token.")) return (localStorage.getItem(key) ?? "").replace(/"/g, "");
    }
    return "";
  });
  expect(token).not.toBe("");
  const uploaded = await request.post("/api/v1/widget/attachments", {
    headers: { "X-Contact-Token": token },
    multipart: { file: { name: `screen-${stamp}.png`, mimeType: "image/png", buffer: PNG } },
  });
  expect(uploaded.status()).toBe(201);
  const shot = await uploaded.json();
  const sent = await request.post("/api/v1/widget/messages", {
    headers: { "X-Contact-Token": token },
    data: { client_id: crypto.randomUUID(), body: "", attachments: [shot.id] },
  });
  expect(sent.status()).toBe(201);
  // The customer's widget shows it too, live.
  await expect(widget.locator(`img[alt="screen-${stamp}.png"]`)).toBeVisible();

  // Live in the agent's timeline, as a thumbnail; the lightbox opens it.
  const thumbnail = ben.getByTestId("attachment-image").filter({ has: ben.locator(`img[alt="screen-${stamp}.png"]`) });
  await expect(thumbnail).toBeVisible();
  // The picture really loads (the agent's session fetches it).
  await expect.poll(() => thumbnail.locator("img").evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await thumbnail.click();
  const lightbox = ben.getByTestId("lightbox");
  await expect(lightbox).toBeVisible();
  await expect(lightbox.locator("img")).toHaveAttribute("src", `/api/v1/attachments/${shot.id}`);
  await expect(lightbox.getByTestId("lightbox-download")).toHaveAttribute("download", `screen-${stamp}.png`);
  await ben.keyboard.press("Escape");
  await expect(lightbox).toHaveCount(0);

  // The agent attaches a picture with the paperclip's file picker, and
  // drops a PDF on the conversation; both upload, then go with the reply.
  await ben.getByTestId("attach-input").setInputFiles({ name: `how-to-${stamp}.png`, mimeType: "image/png", buffer: PNG });
  const dropped = await ben.evaluateHandle(
    ([text, name]) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: "application/pdf" }));
      return data;
    },
    [PDF.toString("latin1"), `invoice-${stamp}.pdf`],
  );
  await ben.getByTestId("timeline").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(ben.getByTestId("pending-upload")).toHaveCount(2);
  await expect(ben.getByTestId("pending-upload").filter({ hasText: "ready" })).toHaveCount(2);
  // One can be removed before sending, and comes back when picked again.
  await ben.getByTestId("pending-upload").filter({ hasText: `how-to-${stamp}.png` }).getByTestId("upload-remove").click();
  await expect(ben.getByTestId("pending-upload")).toHaveCount(1);
  await ben.getByTestId("attach-input").setInputFiles({ name: `how-to-${stamp}.png`, mimeType: "image/png", buffer: PNG });
  await expect(ben.getByTestId("pending-upload").filter({ hasText: "ready" })).toHaveCount(2);
  await ben.getByTestId("composer").fill(`Here you go ${stamp}`);
  await ben.getByTestId("composer").press("Enter");
  await expect(ben.getByTestId("pending-upload")).toHaveCount(0);
  const reply = ben.getByTestId("message").filter({ hasText: `Here you go ${stamp}` });
  await expect(reply.getByTestId("attachment-image")).toHaveCount(1);
  await expect(reply.getByTestId("attachment-file")).toContainText(`invoice-${stamp}.pdf`);

  // Arrows go between the conversation's pictures.
  await reply.getByTestId("attachment-image").click();
  await expect(lightbox.locator("img")).toHaveAttribute("alt", `how-to-${stamp}.png`);
  await ben.keyboard.press("ArrowLeft");
  await expect(lightbox.locator("img")).toHaveAttribute("alt", `screen-${stamp}.png`);
  await ben.keyboard.press("ArrowRight");
  await expect(lightbox.locator("img")).toHaveAttribute("alt", `how-to-${stamp}.png`);
  await ben.keyboard.press("Escape");

  // The customer's account lists the conversation's files.
  await ben.getByTestId("view-customer").click();
  const files = ben.getByTestId("customer-files");
  await expect(files.getByTestId("attachment-image")).toHaveCount(2);
  await expect(files.getByTestId("attachment-file")).toContainText(`invoice-${stamp}.pdf`);
  await ben.keyboard.press("Escape");

  // The customer sees both, live; the PDF downloads by its signed link.
  const answer = widget.getByTestId("widget-message").filter({ hasText: `Here you go ${stamp}` });
  const picture = answer.getByTestId("widget-attachment-image").locator("img");
  await expect(picture).toBeVisible();
  // By its signed link, without a token.
  await expect.poll(() => picture.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  const file = answer.getByTestId("widget-attachment-file");
  await expect(file).toHaveText(`📄 invoice-${stamp}.pdf`);
  const href = await file.getAttribute("href");
  expect(href).toContain("signature=");
  const download = await request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toContain("attachment;");
  expect(await download.body()).toEqual(PDF);
});

// An upload the server refuses says why, and nothing is sent until it is
// removed.
test("a refused upload says why and blocks sending until removed", async ({ browser }) => {
  const ben = await agentPage(browser, "ben@example.com");
  const { widget } = await customerWidget(browser);
  const stamp = Date.now();
  await customerSays(widget, `Program ${stamp}`);
  await ben.getByTestId("tab-pending").click();
  await ben.getByTestId("conversation-row").filter({ hasText: `Program ${stamp}` }).click();
  await ben.getByTestId("attach-input").setInputFiles({
    name: "setup.exe",
    mimeType: "application/octet-stream",
    buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]),
  });
  const failed = ben.getByTestId("pending-upload").filter({ hasText: "setup.exe" });
  await expect(failed.getByRole("alert")).toContainText("files of this type cannot be sent");
  await expect(failed.getByTestId("upload-retry")).toBeVisible();
  await ben.getByTestId("composer").fill(`Not yet ${stamp}`);
  await ben.getByTestId("composer").press("Enter");
  await expect(ben.getByText("Wait for the files to upload, or remove those that failed.")).toBeVisible();
  await failed.getByTestId("upload-remove").click();
  await ben.getByTestId("composer").press("Enter");
  await expect(ben.getByTestId("message").filter({ hasText: `Not yet ${stamp}` })).toBeVisible();
});
