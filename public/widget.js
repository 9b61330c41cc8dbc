/* Switchboard chat widget loader. Embed with:
 *   <script async src="https://YOUR-SWITCHBOARD/widget.js" data-key="WIDGET_KEY"></script>
 * It adds a launcher bubble; the chat itself opens in an iframe on first
 * click, so the host page's load is never blocked and no CSS crosses over. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__switchboardWidget) return;
  window.__switchboardWidget = true;
  var key = script.getAttribute("data-key") || "";
  var origin = new URL(script.src, location.href).origin;

  function start() {
    var launcher = document.createElement("button");
    launcher.id = "switchboard-launcher";
    launcher.type = "button";
    launcher.setAttribute("aria-label", "Open chat");
    launcher.setAttribute("aria-expanded", "false");
    launcher.innerHTML =
      '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true"><path fill="#fff" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
    launcher.style.cssText =
      "position:fixed;right:20px;bottom:20px;width:60px;height:60px;border-radius:50%;border:0;" +
      "background:#2563eb;box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer;z-index:2147483646;" +
      "display:flex;align-items:center;justify-content:center;padding:0";

    var frame = null;
    var open = false;
    launcher.addEventListener("click", function () {
      if (!frame) {
        frame = document.createElement("iframe");
        frame.id = "switchboard-frame";
        frame.title = "Chat with us";
        frame.src = origin + "/widget/frame?key=" + encodeURIComponent(key);
        frame.style.cssText =
          "position:fixed;right:20px;bottom:92px;width:370px;height:560px;max-width:calc(100vw - 40px);" +
          "max-height:calc(100vh - 112px);border:0;border-radius:16px;background:#fff;" +
          "box-shadow:0 12px 40px rgba(0,0,0,.25);z-index:2147483647";
        document.body.appendChild(frame);
      }
      open = !open;
      frame.style.display = open ? "block" : "none";
      // The chat marks messages read only while it is open.
      if (frame.contentWindow) {
        frame.contentWindow.postMessage({ switchboard: open ? "open" : "closed" }, origin);
      }
      launcher.setAttribute("aria-expanded", String(open));
      launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    });
    document.body.appendChild(launcher);
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
