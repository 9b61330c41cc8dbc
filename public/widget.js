/* Switchboard chat widget loader. Embed with:
 *   <script async src="https://YOUR-SWITCHBOARD/widget.js" data-key="WIDGET_KEY"></script>
 * Optional attributes for a logged-in customer: data-identifier,
 * data-identifier-hash (HMAC-SHA256 of the identifier with the widget's
 * identity secret, made by the site's server), data-name, data-email,
 * data-phone; data-open="true" opens the chat at once, data-hidden="true"
 * hides the launcher until Switchboard('show').
 * The page speaks to it with Switchboard(command, …), queued until this
 * file arrives when the page defines it first:
 *   window.Switchboard = window.Switchboard || function () {
 *     (Switchboard.q = Switchboard.q || []).push(arguments); };
 * Commands: identify {identifier, identifier_hash, name, email, phone};
 * set {name: value, …} [, {overwrite: true}]; open; close; hide; show;
 * reset (logout: forget the customer, start anonymous); on 'message' |
 * 'open' | 'close' | 'unread', fn.
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
    set: function (v) {
      try { v ? localStorage.setItem(tokenKey, v) : localStorage.removeItem(tokenKey); } catch (e) { /* private mode */ }
    }
  };
  var identity = {
    identifier: data("identifier"), identifier_hash: data("identifier-hash"),
    name: data("name"), email: data("email"), phone: data("phone")
  };
  var launcher, badge, frame, ready = false, open = false, position = "right";
  var hidden = data("hidden") === "true", wantOpen = data("open") === "true";
  // What the site set and has not yet been said (it waits for a token).
  var pending = null, overwrite = false, visited = false;
  var listeners = {};

  function warn(what) { if (window.console) console.warn("Switchboard: " + what); }
  function emit(name, value) {
    (listeners[name] || []).forEach(function (fn) { try { fn(value); } catch (e) { warn(e); } });
  }

  // The customer's token speaks for them to the API (no cookies).
  function call(path, body) {
    return fetch(origin + "/api/v1/widget/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Contact-Token": store.get() },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (r.ok || r.status === 401) return r.status;
      return r.json().then(function (b) { warn(b.error.message); }, function () { warn(path + ": " + r.status); });
    }, function () { return 0; });
  }
  // Once the customer has a token: where they are, and what the site set.
  function flush() {
    if (!store.get()) return;
    if (!visited) {
      visited = true;
      var zone;
      try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { /* none */ }
      call("visit", { time_zone: zone, language: navigator.language });
    }
    if (pending) {
      var said = { attributes: pending, overwrite: overwrite };
      pending = null;
      overwrite = false;
      call("attributes", said).then(function (status) {
        // No token that works yet: say it again with the next one.
        if (status === 401 || status === 0) { pending = said.attributes; overwrite = said.overwrite; visited = false; }
      });
    }
  }

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

  // Another customer (identify, reset): the chat starts again as them.
  function restart() {
    var was = open;
    if (frame) frame.remove();
    frame = null;
    ready = open = false;
    visited = false;
    if (!launcher) return;
    showUnread(0);
    launcher.setAttribute("aria-expanded", "false");
    if (was || store.get() || identity.identifier) makeFrame(was);
  }

  function toggle() {
    if (!frame) return makeFrame(true);
    open = !open;
    frame.style.display = open ? "block" : "none";
    post({ switchboard: open ? "open" : "closed" });
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    emit(open ? "open" : "close");
  }

  function showUnread(n) {
    badge.textContent = n > 9 ? "9+" : String(n);
    badge.style.display = n > 0 ? "flex" : "none";
    launcher.setAttribute("aria-label", n > 0 ? "Open chat, " + n + " unread" : "Open chat");
  }

  function showLauncher() {
    if (!launcher) return;
    launcher.style.display = hidden ? "none" : "flex";
    if (hidden && open) toggle();
  }

  // What the chat inside the frame says: ready for its start, a new
  // contact token to keep, the unread count for the bubble, a message.
  window.addEventListener("message", function (e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin) return;
    var said = e.data || {};
    if (said.switchboard === "ready") {
      ready = true;
      post({
        switchboard: "init", token: store.get(), open: open,
        identifier: identity.identifier, identifier_hash: identity.identifier_hash,
        name: identity.name, email: identity.email, phone: identity.phone
      });
      page();
      flush();
    } else if (said.switchboard === "token" && typeof said.token === "string") {
      store.set(said.token);
      flush();
    } else if (said.switchboard === "unread") {
      var n = Number(said.count) || 0;
      showUnread(n);
      emit("unread", n);
    } else if (said.switchboard === "message") {
      emit("message", { body: said.body, author: said.author });
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

  // The page's commands.
  var commands = {
    identify: function (who) {
      who = who || {};
      if (who.identifier === identity.identifier && who.email === identity.email && who.name === identity.name) return;
      identity = {
        identifier: who.identifier, identifier_hash: who.identifier_hash,
        name: who.name, email: who.email, phone: who.phone
      };
      // Someone else's token never carries over to a named customer.
      if (who.identifier) store.set(null);
      restart();
    },
    set: function (attributes, options) {
      if (!attributes || typeof attributes !== "object") return warn("set takes an object of attributes");
      pending = pending || {};
      Object.keys(attributes).forEach(function (name) {
        var value = attributes[name];
        pending[name] = value === null || value === undefined ? "" : String(value);
      });
      overwrite = overwrite || !!(options && options.overwrite);
      flush();
    },
    open: function () { if (!launcher) wantOpen = true; else if (!open) toggle(); },
    close: function () { wantOpen = false; if (open) toggle(); },
    hide: function () { hidden = true; showLauncher(); },
    show: function () { hidden = false; showLauncher(); },
    reset: function () {
      store.set(null);
      identity = {};
      pending = null;
      restart();
    },
    on: function (name, fn) {
      if (typeof fn !== "function") return warn("on takes an event name and a function");
      (listeners[name] = listeners[name] || []).push(fn);
    }
  };
  function api(command) {
    var run = commands[command];
    if (!run) return warn("unknown command " + command);
    run.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  var queued = (window.Switchboard && window.Switchboard.q) || [];
  window.Switchboard = api;
  for (var i = 0; i < queued.length; i++) api.apply(null, queued[i]);

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
    showLauncher();

    // A returning customer's chat loads hidden, to count what they missed.
    if (wantOpen) makeFrame(true);
    else if (store.get() || identity.identifier) makeFrame(false);
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
