// sopc serve: reload this page when a build changes it; show a failed build's
// findings over it until they are fixed. Served only by `sopc serve`, never part of
// a built site. Every text is set as text (textContent), never as markup.
(function () {
  "use strict";
  var OVERLAY = "sopc-live-overlay";

  function here() {
    var path = location.pathname;
    try {
      path = decodeURIComponent(path);
    } catch (error) {
      // a malformed address: compare it as it is
    }
    path = path.replace(/^\/+/, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }

  function concerns(pages) {
    var page = here();
    return pages.some(function (rel) {
      // a page, or what every page shows (styles, scripts; not the search index)
      return rel === page || (!/\.html$/.test(rel) && rel !== "assets/search-index.js");
    });
  }

  function hide() {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
  }

  function element(tag, style, text) {
    var node = document.createElement(tag);
    node.setAttribute("style", style);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(event) {
    hide();
    var box = element(
      "div",
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:24px 32px;" +
        "background:rgba(24,24,27,.94);color:#f4f4f5;font:14px/1.6 system-ui,sans-serif"
    );
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.appendChild(element("h2", "margin:0 0 4px;font-size:18px;color:#fca5a5", event.title));
    box.appendChild(element("p", "margin:0 0 16px;color:#d4d4d8", event.hint));
    event.findings.forEach(function (finding) {
      var item = element("div", "margin:0 0 14px");
      item.className = "sopc-live-finding";
      item.appendChild(
        element("div", "font-weight:600", finding.where + "  " + finding.code + "  " + finding.message)
      );
      if (finding.source) {
        var pre = element(
          "pre",
          "margin:4px 0 0;padding:6px 10px;background:#27272a;border-radius:4px;" +
            "font:13px/1.5 ui-monospace,'Noto Sans Mono CJK SC',monospace;white-space:pre;overflow-x:auto"
        );
        pre.textContent = finding.line + " | " + finding.source + "\n" +
          " ".repeat(String(finding.line).length) + " | " + finding.caret;
        item.appendChild(pre);
      }
      box.appendChild(item);
    });
    document.body.appendChild(box);
  }

  var source = new EventSource("/__sopc__/events");
  source.onmessage = function (message) {
    var event = JSON.parse(message.data);
    if (event.kind === "errors") {
      show(event);
    } else if (event.kind === "built") {
      hide();
      if (concerns(event.pages)) location.reload();
    }
  };
})();
