// The flowchart on screen (templates/site/_flowchart.html.j2). A chart is shown at the
// content width when its smallest text stays legible there (never enlarged); otherwise
// it gets a pan-and-zoom viewport (wheel at the pointer, drag, buttons, keys, pinch). A
// full-screen view, and the step rows' "show in the flowchart" links. Offline, no
// library, works from file://; without this script the chart simply scrolls.
(function () {
  "use strict";

  // The legibility floor: no chart text drawn smaller than 7 pt (9⅓ CSS px), the
  // floor the printed manual keeps too.
  var MIN_TEXT_PX = 28 / 3;
  var STEP = 1.25; // one zoom step (buttons, keys)
  var MAX_SCALE = 4;
  var DRAG_PX = 4; // a press that moves less than this is a click, not a drag
  var PAN_SHARE = 0.15; // an arrow key moves the chart by this share of the viewport
  var LOCATED_MS = 2400; // how long a located step stays highlighted
  var XLINK = "http://www.w3.org/1999/xlink";
  var motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  var charts = [];

  function calm() {
    return !!(motion && motion.matches);
  }

  // The chart's size as Graphviz drew it, in CSS px (its width/height are in pt).
  function naturalSize(svg) {
    var box = svg.viewBox.baseVal;
    try {
      var w = svg.width.baseVal, h = svg.height.baseVal;
      var percent = SVGLength.SVG_LENGTHTYPE_PERCENTAGE;
      if (w.unitType !== percent && h.unitType !== percent && w.value > 0 && h.value > 0) {
        return { w: w.value, h: h.value };
      }
    } catch (error) {
      // an SVG without its own size: from the viewBox below
    }
    if (box && box.width > 0 && box.height > 0) {
      return { w: (box.width * 4) / 3, h: (box.height * 4) / 3 }; // Graphviz's units are pt
    }
    var rect = svg.getBoundingClientRect();
    return { w: rect.width || 1, h: rect.height || 1 };
  }

  // How much an element's own transforms and its ancestors' (up to the SVG) scale it.
  function transformScale(node, svg) {
    var k = 1;
    for (var el = node; el && el !== svg; el = el.parentNode) {
      var list = el.transform && el.transform.baseVal;
      for (var i = 0; list && i < list.numberOfItems; i++) {
        var m = list.getItem(i).matrix;
        k *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      }
    }
    return k;
  }

  // The smallest text of the chart at natural size, in CSS px.
  function smallestText(svg, natural) {
    var box = svg.viewBox.baseVal;
    var unit = box && box.width > 0 ? natural.w / box.width : 1;
    var least = Infinity;
    var texts = svg.querySelectorAll("text");
    for (var i = 0; i < texts.length; i++) {
      var text = texts[i];
      if (!text.textContent.trim()) continue;
      var size = parseFloat(text.getAttribute("font-size"));
      if (!(size > 0)) size = parseFloat(getComputedStyle(text).fontSize);
      if (size > 0) least = Math.min(least, size * unit * transformScale(text, svg));
    }
    return least;
  }

  function linkTarget(link) {
    return link.getAttributeNS(XLINK, "href") || link.getAttribute("href") || "";
  }

  function Chart(figure) {
    this.figure = figure;
    this.view = figure.querySelector(".chart-view");
    this.svg = this.view.querySelector("svg");
    this.tools = figure.querySelector(".chart-tools");
    this.fullButton = figure.querySelector('[data-chart-do="full"]');
    this.note = figure.querySelector(".chart-wheel-note");
    this.natural = naturalSize(this.svg);
    // the scale at which the smallest text is at the floor; never above natural size
    this.floor = Math.min(1, MIN_TEXT_PX / smallestText(this.svg, this.natural));
    this.mode = null;
    this.s = 1;
    this.x = 0;
    this.y = 0;
    this.pointers = {};
    this.press = null;
    this.pinch = null;
    this.swallowClick = false;
    this.saved = null;
    this.wasFull = false;
    this.width = -1;
    figure.classList.add("chart-live");
    this.tools.hidden = false;
    this.bind();
    this.layout();
  }

  Chart.prototype.full = function () {
    var figure = this.figure;
    return document.fullscreenElement === figure || figure.classList.contains("chart-overlay");
  };

  // Fit or pan, from the space there is; called again when that space changes.
  Chart.prototype.layout = function () {
    if (this.full()) return this.panned();
    var fit = this.view.clientWidth / this.natural.w;
    if (fit >= this.floor) this.fitted(Math.min(1, fit));
    else this.panned();
  };

  Chart.prototype.fitted = function (s) {
    this.mode = "fit";
    this.figure.setAttribute("data-chart-mode", "fit");
    this.view.removeAttribute("tabindex"); // nothing to move: no stop for the Tab key
    this.view.style.height = "";
    this.svg.style.transform = "";
    this.svg.style.width = this.natural.w * s + "px";
    this.svg.style.height = this.natural.h * s + "px";
    this.s = s;
    this.x = this.y = 0;
  };

  Chart.prototype.panned = function () {
    var first = this.mode !== "pan";
    this.mode = "pan";
    this.figure.setAttribute("data-chart-mode", "pan");
    this.view.setAttribute("tabindex", "0");
    this.svg.style.width = this.natural.w + "px";
    this.svg.style.height = this.natural.h + "px";
    if (this.full()) {
      this.view.style.height = "";
    } else {
      var most = Math.max(320, Math.round(window.innerHeight * 0.8));
      this.view.style.height = Math.round(Math.min(this.natural.h * this.floor, most)) + "px";
    }
    if (first) this.home();
    else this.move(this.s, this.x, this.y);
  };

  // The first view: the whole chart where that is legible, else the chart's start
  // (top left: lane names and 开始) at the legibility floor.
  Chart.prototype.home = function () {
    var fit = this.fitScale();
    this.move(fit >= this.floor ? fit : this.floor, 0, 0);
  };

  Chart.prototype.fitScale = function () {
    var w = this.view.clientWidth / this.natural.w;
    var h = this.view.clientHeight / this.natural.h;
    return Math.min(1, w, h);
  };

  Chart.prototype.clampScale = function (s) {
    return Math.min(MAX_SCALE, Math.max(Math.min(this.fitScale(), this.floor), s));
  };

  // Show the chart at scale s with its corner at (x, y) of the viewport. A chart
  // smaller than the viewport is centred; a larger one moves until its edge reaches
  // the middle, so that any step can be centred and the chart is never lost.
  Chart.prototype.move = function (s, x, y) {
    s = this.clampScale(s);
    var vw = this.view.clientWidth, vh = this.view.clientHeight;
    var cw = this.natural.w * s, ch = this.natural.h * s;
    this.s = s;
    this.x = cw <= vw ? (vw - cw) / 2 : Math.min(vw / 2, Math.max(vw / 2 - cw, x));
    this.y = ch <= vh ? (vh - ch) / 2 : Math.min(vh / 2, Math.max(vh / 2 - ch, y));
    this.svg.style.transform = "translate(" + this.x + "px, " + this.y + "px) scale(" + s + ")";
    // a shade on each side where more of the chart lies beyond the viewport
    var sides = [
      ["to right", "left / 18px 100%", this.x < -1],
      ["to left", "right / 18px 100%", this.x + cw > vw + 1],
      ["to bottom", "top / 100% 18px", this.y < -1],
      ["to top", "bottom / 100% 18px", this.y + ch > vh + 1]
    ];
    var more = this.view.classList;
    ["left", "right", "up", "down"].forEach(function (side, i) {
      more.toggle("chart-more-" + side, sides[i][2]);
    });
    this.shade().style.background = sides.filter(function (side) { return side[2]; })
      .map(function (side) {
        return "linear-gradient(" + side[0] + ", rgba(31, 35, 40, .22), transparent) " +
          side[1] + " no-repeat";
      }).join(", ") || "none";
  };

  // the element that carries the shades, made on first use (no markup without script)
  Chart.prototype.shade = function () {
    if (!this.shadeElement) {
      this.shadeElement = document.createElement("span");
      this.shadeElement.className = "chart-shade";
      this.shadeElement.setAttribute("aria-hidden", "true");
      this.view.appendChild(this.shadeElement);
    }
    return this.shadeElement;
  };

  Chart.prototype.zoomAt = function (factor, px, py) {
    var s = this.clampScale(this.s * factor);
    var k = s / this.s;
    this.move(s, px - (px - this.x) * k, py - (py - this.y) * k);
  };

  Chart.prototype.zoom = function (factor) {
    this.zoomAt(factor, this.view.clientWidth / 2, this.view.clientHeight / 2);
  };

  Chart.prototype.pan = function (dx, dy) {
    this.move(this.s, this.x + dx, this.y + dy);
  };

  // A move the eye should follow (buttons, keys, locating a step), unless the reader
  // asked for less motion.
  Chart.prototype.glide = function (change) {
    var svg = this.svg;
    if (!calm()) {
      svg.classList.add("chart-glide");
      clearTimeout(this.gliding);
      this.gliding = setTimeout(function () {
        svg.classList.remove("chart-glide");
      }, 400);
    }
    change();
  };

  Chart.prototype.act = function (what) {
    var self = this;
    if (what === "full") return this.toggleFull();
    if (this.mode !== "pan") return;
    this.glide(function () {
      if (what === "in") self.zoom(STEP);
      else if (what === "out") self.zoom(1 / STEP);
      else if (what === "fit") self.move(self.fitScale(), 0, 0);
      else if (what === "actual") self.zoom(1 / self.s);
    });
  };

  // Where a node is, in the chart's own (natural-size) px.
  Chart.prototype.boxOf = function (node) {
    var r = node.getBoundingClientRect(), c = this.svg.getBoundingClientRect();
    var k = this.natural.w / (c.width || 1);
    return { x: (r.left - c.left) * k, y: (r.top - c.top) * k, w: r.width * k, h: r.height * k };
  };

  Chart.prototype.centre = function (node, s) {
    var b = this.boxOf(node);
    var cx = b.x + b.w / 2, cy = b.y + b.h / 2;
    this.move(s, this.view.clientWidth / 2 - cx * s, this.view.clientHeight / 2 - cy * s);
  };

  // A step row's link to the chart: bring the step's node into view, centred and
  // legible, and mark it for a moment.
  Chart.prototype.locate = function (node) {
    var self = this;
    var behavior = calm() ? "auto" : "smooth";
    if (this.mode === "pan") {
      this.glide(function () {
        self.centre(node, Math.max(self.s, self.floor));
      });
      // the whole figure, tools and legend too, when the window is tall enough
      var fits = this.figure.getBoundingClientRect().height <= window.innerHeight;
      var box = fits ? this.figure : this.view;
      box.scrollIntoView({ block: fits ? "center" : "nearest", behavior: behavior });
    } else {
      node.scrollIntoView({ block: "center", inline: "nearest", behavior: behavior });
    }
    node.classList.remove("chart-located");
    void node.getBoundingClientRect(); // restart the highlight if it is still on
    node.classList.add("chart-located");
    clearTimeout(node.chartLocated);
    node.chartLocated = setTimeout(function () {
      node.classList.remove("chart-located");
    }, LOCATED_MS);
  };

  Chart.prototype.toggleFull = function () {
    if (this.full()) return this.leaveFull();
    this.saved = { mode: this.mode, s: this.s, x: this.x, y: this.y };
    var self = this;
    if (this.figure.requestFullscreen && document.fullscreenEnabled) {
      this.figure.requestFullscreen().catch(function () {
        self.overlay(true);
      });
    } else {
      this.overlay(true);
    }
  };

  // Leaves full screen; resolves when the page is back.
  Chart.prototype.leaveFull = function () {
    if (document.fullscreenElement === this.figure) return document.exitFullscreen();
    this.overlay(false);
    return Promise.resolve();
  };

  // Full screen without the Fullscreen API: the figure covers the window.
  Chart.prototype.overlay = function (on) {
    this.figure.classList.toggle("chart-overlay", on);
    document.documentElement.classList.toggle("chart-overlay-open", on);
    this.fullChanged();
  };

  Chart.prototype.fullChanged = function () {
    var full = this.full(), button = this.fullButton, self = this;
    if (full === this.wasFull) return; // another element's full screen
    this.wasFull = full;
    this.figure.classList.toggle("chart-full", full);
    button.textContent = button.getAttribute(full ? "data-leave-text" : "data-enter");
    button.setAttribute("aria-label", button.getAttribute(full ? "data-leave" : "data-enter"));
    button.setAttribute("aria-pressed", full ? "true" : "false");
    requestAnimationFrame(function () {
      self.mode = null;
      self.width = self.figure.clientWidth;
      self.layout();
      if (!full && self.saved && self.saved.mode === "pan" && self.mode === "pan") {
        self.move(self.saved.s, self.saved.x, self.saved.y);
      }
      if (full) self.view.focus({ preventScroll: true });
      else self.saved = null;
    });
  };

  Chart.prototype.viewPoint = function (event) {
    var r = this.view.getBoundingClientRect();
    var left = r.left + this.view.clientLeft, top = r.top + this.view.clientTop;
    return { x: event.clientX - left, y: event.clientY - top };
  };

  // The wheel zooms once the reader is at work on the chart (it or something in it has
  // focus, or full screen), or with Ctrl (a touchpad's pinch); otherwise it scrolls
  // the page, as on any long page, and a note says how to zoom.
  Chart.prototype.onWheel = function (event) {
    if (this.mode !== "pan") return;
    var engaged = this.full() || this.view.contains(document.activeElement);
    if (!engaged && !event.ctrlKey && !event.metaKey) return this.nudge();
    event.preventDefault();
    var unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? this.view.clientHeight : 1;
    var dx = event.deltaX * unit, dy = event.deltaY * unit;
    if (Math.abs(dx) > Math.abs(dy)) return this.pan(-dx, 0); // a sideways swipe moves it
    var p = this.viewPoint(event);
    this.zoomAt(Math.exp(-dy * 0.002), p.x, p.y);
  };

  Chart.prototype.nudge = function () {
    var note = this.note;
    if (!note) return;
    note.hidden = false;
    clearTimeout(this.noted);
    this.noted = setTimeout(function () {
      note.hidden = true;
    }, 1500);
  };

  Chart.prototype.onPointerDown = function (event) {
    this.swallowClick = false;
    if (this.mode !== "pan" || (event.pointerType === "mouse" && event.button !== 0)) return;
    this.pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    var ids = Object.keys(this.pointers);
    if (ids.length === 2) {
      var a = this.pointers[ids[0]], b = this.pointers[ids[1]];
      this.pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, s: this.s };
      this.press = null;
    } else if (ids.length === 1) {
      var press = { id: event.pointerId, x: event.clientX, y: event.clientY, dragging: false };
      press.ox = this.x;
      press.oy = this.y;
      this.press = press;
    }
  };

  Chart.prototype.onPointerMove = function (event) {
    var seen = this.pointers[event.pointerId];
    if (!seen) return;
    seen.x = event.clientX;
    seen.y = event.clientY;
    if (this.pinch) {
      var ids = Object.keys(this.pointers);
      if (ids.length < 2) return;
      var a = this.pointers[ids[0]], b = this.pointers[ids[1]];
      var mid = { clientX: (a.x + b.x) / 2, clientY: (a.y + b.y) / 2 };
      var p = this.viewPoint(mid);
      var d = Math.hypot(a.x - b.x, a.y - b.y);
      this.zoomAt((this.pinch.s * d) / this.pinch.d / this.s, p.x, p.y);
      this.swallowClick = true;
      return;
    }
    var press = this.press;
    if (!press || press.id !== event.pointerId) return;
    var dx = event.clientX - press.x, dy = event.clientY - press.y;
    if (!press.dragging && Math.hypot(dx, dy) < DRAG_PX) return;
    if (!press.dragging) {
      // capture only now: a plain click must still reach the step's link
      press.dragging = true;
      this.view.setPointerCapture(event.pointerId);
      this.figure.classList.add("chart-dragging");
    }
    event.preventDefault();
    this.move(this.s, press.ox + dx, press.oy + dy);
  };

  Chart.prototype.onPointerUp = function (event) {
    if (!this.pointers[event.pointerId]) return;
    delete this.pointers[event.pointerId];
    if (this.press && this.press.dragging) this.swallowClick = true;
    if (Object.keys(this.pointers).length < 2) this.pinch = null;
    this.press = null;
    this.figure.classList.remove("chart-dragging");
  };

  Chart.prototype.onClick = function (event) {
    if (this.swallowClick) {
      // the click that ends a drag is not a click on a step
      this.swallowClick = false;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    var link = event.target.closest && event.target.closest("a");
    if (link && this.full()) {
      // a step's row is on the page, behind the full-screen view: leave it first
      event.preventDefault();
      var target = linkTarget(link);
      this.leaveFull().then(function () {
        location.hash = target;
      });
    }
  };

  var ACTS = { "+": "in", "=": "in", "-": "out", _: "out", "0": "fit", "1": "actual" };
  var ARROWS = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

  Chart.prototype.onKey = function (event) {
    if (this.mode !== "pan" || event.ctrlKey || event.metaKey || event.altKey) return;
    var act = ACTS[event.key], arrow = ARROWS[event.key], self = this;
    if (!act && !arrow) return;
    event.preventDefault();
    if (act) return this.act(act);
    var dx = arrow[0] * this.view.clientWidth * PAN_SHARE;
    var dy = arrow[1] * this.view.clientHeight * PAN_SHARE;
    this.glide(function () {
      self.pan(dx, dy);
    });
  };

  // A step link reached with the Tab key is brought into the viewport.
  Chart.prototype.onFocus = function (event) {
    var link = event.target;
    if (this.mode !== "pan" || this.press || link === this.view) return;
    var node = link.closest && link.closest("g.node");
    if (!node || !link.matches(":focus-visible")) return;
    var b = this.boxOf(node), s = this.s;
    var left = this.x + b.x * s, top = this.y + b.y * s;
    var right = left + b.w * s, bottom = top + b.h * s, self = this;
    if (left < 0 || top < 0 || right > this.view.clientWidth || bottom > this.view.clientHeight) {
      this.glide(function () {
        self.centre(node, s);
      });
    }
  };

  Chart.prototype.bind = function () {
    var self = this, view = this.view;
    this.tools.addEventListener("click", function (event) {
      var button = event.target.closest("[data-chart-do]");
      if (button) self.act(button.getAttribute("data-chart-do"));
    });
    view.addEventListener("wheel", function (e) { self.onWheel(e); }, { passive: false });
    view.addEventListener("pointerdown", function (e) { self.onPointerDown(e); });
    // a drag goes on when the pointer leaves the viewport before it has moved far
    // enough to be captured
    window.addEventListener("pointermove", function (e) { self.onPointerMove(e); });
    window.addEventListener("pointerup", function (e) { self.onPointerUp(e); });
    window.addEventListener("pointercancel", function (e) { self.onPointerUp(e); });
    view.addEventListener("click", function (e) { self.onClick(e); }, true);
    view.addEventListener("dragstart", function (e) { e.preventDefault(); });
    view.addEventListener("focusin", function (e) { self.onFocus(e); });
    view.addEventListener("keydown", function (e) { self.onKey(e); });
    // the browser scrolls a hidden-overflow box to show a focused or targeted node;
    // the transform alone places the chart
    view.addEventListener("scroll", function () {
      if (self.mode === "pan" && (view.scrollLeft || view.scrollTop)) {
        view.scrollLeft = 0;
        view.scrollTop = 0;
      }
    });
    document.addEventListener("fullscreenchange", function () { self.fullChanged(); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && self.full()) {
        e.preventDefault();
        self.leaveFull();
      }
    });
    var resized = function () {
      if (self.figure.clientWidth === self.width) return;
      self.width = self.figure.clientWidth;
      self.layout();
    };
    if (window.ResizeObserver) new ResizeObserver(resized).observe(this.figure);
    else window.addEventListener("resize", resized);
  };

  function chartOf(node) {
    for (var i = 0; i < charts.length; i++) {
      if (charts[i].svg.contains(node)) return charts[i];
    }
    return null;
  }

  // `#flow-ID`: the step's node of a chart on this page, or nothing.
  function nodeAt(hash) {
    if (hash.indexOf("#flow-") !== 0) return null;
    var node = document.getElementById(decodeURIComponent(hash.slice(1)));
    return node && chartOf(node) ? node : null;
  }

  function locate(hash) {
    var node = nodeAt(hash);
    if (node) chartOf(node).locate(node);
    return !!node;
  }

  var figures = document.querySelectorAll("figure.flowchart[data-chart]");
  for (var i = 0; i < figures.length; i++) {
    if (figures[i].querySelector(".chart-view svg")) charts.push(new Chart(figures[i]));
  }
  if (!charts.length) return;

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.to-chart");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (!nodeAt(link.hash)) return;
    event.preventDefault();
    try {
      history.pushState(null, "", link.hash); // the address names the node, as the link says
    } catch (error) {
      // some browsers refuse history on file://; the chart moves all the same
    }
    locate(link.hash);
  });
  window.addEventListener("hashchange", function () {
    locate(location.hash);
  });
  if (location.hash) {
    requestAnimationFrame(function () {
      locate(location.hash);
    });
  }
})();
