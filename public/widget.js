/* Switchboard chat widget loader. Embed with:
 *   <script async src="https://YOUR-SWITCHBOARD/widget.js" data-key="WIDGET_KEY"></script>
 * Optional attributes for a logged-in customer: data-identifier,
 * data-identifier-hash (HMAC-SHA256 of the identifier with the widget's
 * identity secret, made by the site's server), data-name, data-email.
 * It adds a launcher bubble; the chat itself opens in an iframe on first
 * click (or at once, hidden, for a returning customer, so the unread count
 * shows), so the host page's load is never blocked and no CSS crosses over.
 * The customer's contact token is kept in this site's localStorage, so the
 * conversation follows them from page to page. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__switchboardWidget) return;
  window.__switchboardWidget = true;
  var data = function (name) { return script.getAttribute("data-" + name) || undefined; };
  var key = data("key") || "";
  var origin = new URL(script.src, location.href).origin;
  var tokenKey = "switchboard.contact_token." + key;
  var store = {
    get: function () { try { return localStorage.getItem(tokenKey); } catch (e) { return null; } },
    set: function (v) { try { localStorage.setItem(tokenKey, v); } catch (e) { /* private mode */ } }
  };
  var launcher, badge, frame, ready = false, open = false, position = "right";

  function post(message) {
    if (frame && ready) frame.contentWindow.postMessage(message, origin);
  }
  function page() {
    post({ switchboard: "page", url: location.href, title: document.title });
  }
  function place(el, bottom) {
    el.style[position] = "20px";
    el.style.bottom = bottom;
  }

  function makeFrame(show) {
    frame = document.createElement("iframe");
    frame.id = "switchboard-frame";
    frame.title = "Chat with us";
    frame.src = origin + "/widget/frame?key=" + encodeURIComponent(key);
    frame.style.cssText =
      "position:fixed;width:370px;height:560px;max-width:calc(100vw - 40px);" +
      "max-height:calc(100vh - 112px);border:0;border-radius:16px;background:#fff;" +
      "box-shadow:0 12px 40px rgba(0,0,0,.25);z-index:2147483647;display:none";
    place(frame, "92px");
    document.body.appendChild(frame);
    if (show) toggle();
  }

  function toggle() {
    if (!frame) return makeFrame(true);
    open = !open;
    frame.style.display = open ? "block" : "none";
    post({ switchboard: open ? "open" : "closed" });
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
  }

  // What the chat inside the frame says: ready for its start, a new
  // contact token to keep, the unread count for the bubble.
  window.addEventListener("message", function (e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin) return;
    var said = e.data || {};
    if (said.switchboard === "ready") {
      ready = true;
      post({
        switchboard: "init", token: store.get(), open: open,
        identifier: data("identifier"), identifier_hash: data("identifier-hash"),
        name: data("name"), email: data("email")
      });
      page();
    } else if (said.switchboard === "token" && typeof said.token === "string") {
      store.set(said.token);
    } else if (said.switchboard === "unread") {
      var n = Number(said.count) || 0;
      badge.textContent = n > 9 ? "9+" : String(n);
      badge.style.display = n > 0 ? "flex" : "none";
      launcher.setAttribute("aria-label", n > 0 ? "Open chat, " + n + " unread" : "Open chat");
    }
  });

  // Page changes on a single-page site count as visits too.
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      setTimeout(page, 0);
      return result;
    };
  });
  window.addEventListener("popstate", page);

  // The launcher shows once the company's colour and side are known (the
  // defaults if the config cannot be read), so it never jumps.
  function start() {
    fetch(origin + "/api/v1/widget/config?key=" + encodeURIComponent(key))
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(draw);
  }

  function draw(config) {
    if (config && config.position === "left") position = "left";
    launcher = document.createElement("button");
    launcher.id = "switchboard-launcher";
    launcher.type = "button";
    launcher.setAttribute("aria-label", "Open chat");
    launcher.setAttribute("aria-expanded", "false");
    launcher.innerHTML =
      '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true"><path fill="#fff" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>' +
      '<span id="switchboard-unread" style="position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;' +
      "border-radius:11px;background:#dc2626;color:#fff;font:bold 12px/22px system-ui,sans-serif;" +
      'display:none;align-items:center;justify-content:center;padding:0 4px"></span>';
    launcher.style.cssText =
      "position:fixed;width:60px;height:60px;border-radius:50%;border:0;background:#2563eb;" +
      "box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer;z-index:2147483646;" +
      "display:flex;align-items:center;justify-content:center;padding:0";
    if (config && config.color) launcher.style.background = config.color;
    badge = launcher.lastChild;
    place(launcher, "20px");
    launcher.addEventListener("click", toggle);
    document.body.appendChild(launcher);

    // A returning customer's chat loads hidden, to count what they missed.
    if (store.get() || data("identifier")) makeFrame(false);
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
