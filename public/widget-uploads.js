// The widget's uploading: loaded by the chat's frame page the first time a
// customer attaches a file (the paperclip, a pasted screenshot, files
// dropped on the chat), so the chat's first open carries none of it.
//
// Each file is listed in the chat's `#uploads-slot` and uploads at once,
// with its progress, as a form post to the widget's API under the
// customer's token (the slot's `data-token`). It can be removed, and tried
// again when it failed, with the reason the server gave (too big, a type
// not taken, too many uploads at once) or that it could not be reached.
// A file ready to go keeps its attachment, as the server told it, in
// `data-attachment`: the chat sends those with the customer's next
// message, and waits while any is still on its way.
//
// Names and reasons are set as text, never as HTML.

const slot = () => document.getElementById("uploads-slot");

// A size as people read it: 512 B, 120 KB, 2.1 MB (as the inbox says it).
const size = (n) =>
  n < 1e3 ? `${n} B` : n < 1e6 ? `${Math.floor(n / 1e3)} KB` : `${Math.floor(n / 1e6)}.${Math.floor(n / 1e5) % 10} MB`;

const element = (tag, props, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};

const button = (text, label, testid, onclick) => {
  const b = element("button", { type: "button", className: "button small", textContent: text, onclick });
  if (label) b.setAttribute("aria-label", label);
  b.dataset.testid = testid;
  return b;
};

// Shows where one file stands: uploading (with its share), ready, or failed
// with why and Retry.
function show(item, file, state, detail) {
  const status = item.querySelector(".upload-status");
  item.querySelector("progress")?.remove();
  item.querySelector(".upload-failure")?.remove();
  item.classList.toggle("failed", state === "failed");
  if (state === "uploading") {
    status.textContent = `uploading ${detail} %`;
    const bar = element("progress", { max: 100, value: detail });
    bar.setAttribute("aria-label", `Uploading ${file.name}`);
    item.insertBefore(bar, item.lastChild);
  } else if (state === "ready") {
    status.textContent = "ready";
  } else {
    status.textContent = "";
    const why = element("span", { className: "form-error small", textContent: detail });
    why.setAttribute("role", "alert");
    const retry = button("Retry", "", "upload-retry", () => send(item, file));
    item.insertBefore(element("span", { className: "upload-failure" }, why, retry), item.lastChild);
  }
}

// One upload, with its progress.
function send(item, file) {
  delete item.dataset.attachment;
  show(item, file, "uploading", 0);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/v1/widget/attachments");
  xhr.setRequestHeader("X-Contact-Token", slot()?.dataset.token ?? "");
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable && e.total > 0) show(item, file, "uploading", Math.floor((e.loaded * 100) / e.total));
  };
  xhr.onload = () => {
    if (xhr.status === 201) {
      item.dataset.attachment = xhr.responseText;
      // A picture shows as its thumbnail (its link signed for this customer).
      const picture = JSON.parse(xhr.responseText).thumbnail_url;
      if (picture) item.prepend(element("img", { className: "upload-thumbnail", src: picture, alt: "" }));
      return show(item, file, "ready");
    }
    let said;
    try {
      said = JSON.parse(xhr.responseText).error.message;
    } catch {
      said = `the server answered ${xhr.status}`;
    }
    show(item, file, "failed", xhr.status === 429 ? `too many uploads: ${said}` : said);
  };
  xhr.onerror = () => show(item, file, "failed", "offline: the upload did not reach the server");
  const form = new FormData();
  form.append("file", file, file.name);
  xhr.send(form);
}

// Lists and uploads each of `files` (an array of File).
export function add(files) {
  const list = slot();
  if (!list) return;
  for (const file of files) {
    const item = element(
      "li",
      { className: "pending-upload" },
      element("span", { className: "attachment-name", textContent: file.name }),
      element("span", { className: "muted small" }, ` · ${size(file.size)} · `, element("span", { className: "upload-status" })),
      button("✕", `Remove ${file.name}`, "upload-remove", () => item.remove()),
    );
    item.dataset.testid = "pending-upload";
    list.append(item);
    send(item, file);
  }
}
