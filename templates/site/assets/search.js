// Full-text search of the manual, offline. The index is assets/search-index.js, a
// script (so it also works from file://) written by sopc/render/search.py, whose
// docstring and docs/search.md describe it; a page that does not load it loads it
// when the reader comes to the box. Index text only ever becomes text nodes
// (textContent, createTextNode), never markup.
(function () {
  "use strict";
  var box = document.querySelector(".search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!box || !input || !list) { return; }
  // a combobox only once this script drives it (ARIA 1.2); without it, a plain text box
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  var root = box.getAttribute("data-root") || "";
  var MAX_GROUPS = 10, MAX_HITS = 4, BEFORE = 24, WIDTH = 80;
  var RUN = /[\p{L}\p{N}]+/gu;                      // search.py's [^\W_]+
  var WORD = /[\p{L}\p{N}]/u;
  var UNIT = /\P{M}\p{M}*|\p{M}+/gu;                // a character and its combining marks
  var DIGIT = new Int8Array(128);
  var data = null, labels, records, fields, CJK, PIECE, loading = null;
  var index = null, active = -1, composing = false, unitFolds = new Map();

  // runs `then` once the index is there, loading it first if the page did not
  function ready(then) {
    if (!data && window.SOPC_SEARCH) {
      data = window.SOPC_SEARCH;
      labels = data.labels;
      records = data.records;
      fields = data.fields;
      CJK = new RegExp("[" + data.cjk + "]", "u");
      PIECE = new RegExp("[" + data.cjk + "]+|[^" + data.cjk + "]+", "gu");
      for (var d = 0; d < data.digits.length; d++) { DIGIT[data.digits.charCodeAt(d)] = d; }
    }
    if (data) { then(); return; }
    loading = loading || { then: null };
    if (!loading.script) {
      loading.script = document.createElement("script");
      loading.script.src = root + "assets/search-index.js";
      loading.script.onload = function () { if (window.SOPC_SEARCH) { ready(loading.then); } };
      document.body.appendChild(loading.script);
    }
    loading.then = then;  // the latest query is the one to answer
  }

  // search.py's fold, for the query and for highlighting: NFKC, then upper- and lower-case
  function fold(text) { return text.normalize("NFKC").toUpperCase().toLowerCase(); }

  function format(label, values) {
    return label.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  // where each line of `text` starts, and one past the end of the last
  function lineStarts(text) {
    var starts = [0], at = text.indexOf("\n");
    while (at >= 0) { starts.push(at + 1); at = text.indexOf("\n", at + 1); }
    starts.push(text.length + 1);
    return Int32Array.from(starts);
  }

  // Made when the reader comes to the box, not on every page load: where each
  // record's line starts (a match never spans two, nor a tab between two texts), the
  // keys and their postings.
  function prepare() {
    if (!index) {
      index = {
        at: lineStarts(data.folded), shownAt: null, lists: [],
        keys: data.keys ? data.keys.split("\n") : [], postings: data.postings.split(" ")
      };
    }
    return index;
  }

  function line(text, starts, r) { return text.slice(starts[r], starts[r + 1] - 1); }

  // text k of record r (0: its title) as shown; an empty text in `texts` is its folded self
  function text(r, k) {
    if (!index.shownAt) { index.shownAt = lineStarts(data.texts); }
    var shown = line(data.texts, index.shownAt, r), piece = shown ? shown.split("\t")[k] : "";
    return piece || line(data.folded, index.at, r).split("\t")[k];
  }

  function postings(n) {
    if (index.lists[n]) { return index.lists[n]; }
    var code = index.postings[n], out = [], value = 0, previous = -1;
    for (var i = 0; i < code.length; i++) {
      var digit = DIGIT[code.charCodeAt(i)];
      if (digit >= 32) { value = value * 32 + digit - 32; } else {
        previous += value * 32 + digit;
        out.push(previous);
        value = 0;
      }
    }
    index.lists[n] = out;
    return out;
  }

  // the first key not before `key` (search.py sorts them as JavaScript compares)
  function lowerBound(key) {
    var keys = index.keys, low = 0, high = keys.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (keys[middle] < key) { low = middle + 1; } else { high = middle; }
    }
    return low;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) { i++; } else if (a[i] > b[j]) { j++; } else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  // the records of all these keys, in order
  function union(numbers) {
    if (numbers.length < 2) { return numbers.length ? postings(numbers[0]) : []; }
    var seen = new Uint8Array(records.length), out = [];
    numbers.forEach(function (n) { postings(n).forEach(function (r) { seen[r] = 1; }); });
    for (var r = 0; r < seen.length; r++) { if (seen[r]) { out.push(r); } }
    return out;
  }

  // The records that may hold a term's piece, as the index keys it: a CJK run by its
  // bigrams (one character: every key that holds it), another word as a prefix.
  function pieceRecords(piece) {
    var keys = index.keys, numbers = [], n;
    if (!CJK.test(piece)) {
      for (n = lowerBound(piece); n < keys.length && keys[n].lastIndexOf(piece, 0) === 0; n++) {
        numbers.push(n);
      }
      return union(numbers);
    }
    var chars = Array.from(piece);
    if (chars.length === 1) {
      for (n = 0; n < keys.length; n++) { if (keys[n].indexOf(piece) !== -1) { numbers.push(n); } }
      return union(numbers);
    }
    var found = null;
    for (var i = 0; i + 1 < chars.length; i++) {
      var bigram = chars[i] + chars[i + 1];
      n = lowerBound(bigram);
      if (keys[n] !== bigram) { return []; }
      found = found ? intersect(found, postings(n)) : postings(n);
    }
    return found;
  }

  // the records that may hold the term; a term of punctuation alone (no key) is
  // looked for in every text
  function termRecords(term) {
    var found = null;
    (term.text.match(RUN) || []).forEach(function (run) {
      run.match(PIECE).forEach(function (piece) {
        var some = pieceRecords(piece);
        found = found ? intersect(found, some) : some;
      });
    });
    if (found) { return found; }
    var out = [], all = data.folded, at = find(all, term, 0), last = -1;
    while (at >= 0) {
      var r = before(index.at, at);
      if (r !== last) { out.push(r); last = r; }
      at = find(all, term, at + 1);
    }
    return out;
  }

  // the last position of ascending `starts` not after `value`: the record a position
  // of the folded texts is in
  function before(starts, value) {
    var low = 0, high = starts.length - 1;
    while (high - low > 1) {
      var middle = (low + high) >> 1;
      if (starts[middle] <= value) { low = middle; } else { high = middle; }
    }
    return low;
  }

  function startsWord(text) { return WORD.test(text.charAt(0)) && !CJK.test(text.charAt(0)); }

  // where `term` is in `text` from `from`, at the start of a word when it starts with
  // one (so `fund` is not found in `refund`); -1 when it is not there
  function find(text, term, from) {
    var at = text.indexOf(term.text, from);
    while (at > 0 && term.word) {
      var last = Array.from(text.slice(Math.max(0, at - 2), at)).pop();
      if (!WORD.test(last) || CJK.test(last)) { break; }
      at = text.indexOf(term.text, at + 1);
    }
    return at;
  }

  // where the term is in record r from position `from` of the folded texts on; -1
  function nextIn(r, term, from) {
    var end = index.at[r + 1] - 1;
    var at = from < end ? find(data.folded, term, from) : -1;
    return at < end ? at : -1;
  }

  // Calls `visit(k, at)` for each text of record r holding the term: k is the text's
  // number (0: the title), `at` where the term first is, `spot` where the text starts
  // and ends, all in the folded texts.
  var spot = { start: 0, end: 0 };
  function eachText(r, term, visit) {
    var all = data.folded, end = index.at[r + 1] - 1;
    var k = 0, start = index.at[r], tab = all.indexOf("\t", start);
    for (var at = nextIn(r, term, start); at >= 0; at = nextIn(r, term, spot.end + 1)) {
      while (tab >= 0 && tab < at) { k++; start = tab + 1; tab = all.indexOf("\t", start); }
      spot.start = start;
      spot.end = tab >= 0 && tab < end ? tab : end;
      visit(k, at);
    }
  }

  function weight(r, k) { return k === 0 ? data.title_weight : fields[records[r][3 + k]][1]; }

  // a record's rank: for each term, the weight of the best text holding it (more at
  // the text's start, more for the whole title); -1 when a term is in none
  function score(r, terms) {
    var total = records[r][0] === 0 ? 10 : 0, best = -1, length = 0;
    function visit(k, at) {
      var w = weight(r, k) + (at === spot.start ? 5 : 0);
      if (k === 0 && at === spot.start && spot.end - at === length) { w += 20; }
      if (w > best) { best = w; }
    }
    for (var t = 0; t < terms.length; t++) {
      best = -1;
      length = terms[t].text.length;
      eachText(r, terms[t], visit);
      if (best < 0) { return -1; }
      total += best;
    }
    return total;
  }

  function parse(query) {
    var seen = {}, terms = [];
    fold(query).split(/\s+/).forEach(function (text) {
      if (text && !seen[text]) { seen[text] = true; terms.push({ text: text, word: startsWord(text) }); }
    });
    return terms;
  }

  // The matching records, grouped: an SOP with its steps, exceptions and own roles and
  // forms; a role or form of the whole manual alone. Best group first, then in the
  // manual's order.
  function search(terms) {
    prepare();
    var candidates = null;
    terms.forEach(function (term) {
      var found = termRecords(term);
      candidates = candidates ? intersect(candidates, found) : found;
    });
    var groups = new Map(), total = 0, sops = data.sops.length;
    for (var c = 0; c < candidates.length; c++) {
      var r = candidates[c], s = score(r, terms);
      if (s < 0) { continue; }
      total++;
      var key = records[r][1] >= 0 ? records[r][1] : sops + r, group = groups.get(key);
      if (!group) { group = { score: s, first: r, hits: [] }; groups.set(key, group); }
      if (s > group.score) { group.score = s; }
      group.hits.push(r);
    }
    var ordered = Array.from(groups.values()).sort(function (a, b) {
      return b.score - a.score || a.first - b.first;
    });
    return { total: total, groups: ordered };
  }

  function analyse(text) {
    var units = text.match(UNIT) || [], folded = "", owner = [];
    for (var i = 0; i < units.length; i++) {
      var f = unitFolds.get(units[i]);
      if (f === undefined) { f = fold(units[i]); unitFolds.set(units[i], f); }
      folded += f;
      for (var k = 0; k < f.length; k++) { owner.push(i); }
    }
    return { units: units, folded: folded, owner: owner };
  }

  // the characters of a text that the terms cover, as merged [start, end) ranges
  function covered(shape, terms) {
    var ranges = [];
    terms.forEach(function (term) {
      var at = find(shape.folded, term, 0);
      while (at >= 0) {
        ranges.push([shape.owner[at], shape.owner[at + term.text.length - 1] + 1]);
        at = find(shape.folded, term, at + term.text.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) { last[1] = Math.max(last[1], range[1]); } else { merged.push(range); }
    });
    return merged;
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function add(parent, content) { parent.appendChild(document.createTextNode(content)); }

  // `content` with the terms in <mark>; `clip`: only a window around the first of them
  function highlight(parent, content, terms, clip) {
    var shape = analyse(content), units = shape.units, ranges = covered(shape, terms);
    var from = 0, to = units.length;
    if (clip && to > WIDTH) {
      from = Math.max(0, Math.min((ranges.length ? ranges[0][0] : 0) - BEFORE, to - WIDTH));
      to = from + WIDTH;
      ranges.forEach(function (range) { if (range[0] < to) { to = Math.max(to, range[1]); } });
      // in words separated by spaces, cut between words
      var space = units.indexOf(" ", from), mark = ranges.length ? ranges[0][0] : to;
      if (from > 0 && space >= 0 && space < mark && space - from < 16) { from = space + 1; }
      space = units.lastIndexOf(" ", to);
      if (to < units.length && space > mark && to - space < 16) { to = space; }
    }
    if (from > 0) { add(parent, labels.ellipsis); }
    var at = from;
    ranges.forEach(function (range) {
      var start = Math.max(range[0], at), end = Math.min(range[1], to);
      if (start >= end) { return; }
      if (start > at) { add(parent, units.slice(at, start).join("")); }
      parent.appendChild(el("mark", "", units.slice(start, end).join("")));
      at = end;
    });
    if (to > at) { add(parent, units.slice(at, to).join("")); }
    if (to < units.length) { add(parent, labels.ellipsis); }
  }

  function pageOf(record) { return record[1] >= 0 ? root + data.sops[record[1]][2] : ""; }

  // the text of record r a snippet shows (its best after the title holding a term,
  // not its id when the title holds one too; -1 for none), and whether a term is in
  // its title
  function snippetOf(r, terms) {
    var held = [], best = -1;
    terms.forEach(function (term) { eachText(r, term, function (k) { held.push(k); }); });
    var inTitle = held.indexOf(0) !== -1;
    held.forEach(function (k) {
      var skip = k === 0 || (inTitle && records[r][3 + k] === data.id_field);
      if (!skip && (best < 0 || weight(r, k) > weight(r, best))) { best = k; }
    });
    return { text: best, inTitle: inTitle };
  }

  // One result: its kind, the SOP's id (for an SOP), its title or the step's number
  // and title, and (`withSnippet`) where the terms are in its other texts.
  function hit(r, terms, withSnippet) {
    var record = records[r], kind = record[0], url = record[2];
    var snippet = snippetOf(r, terms), k = withSnippet ? snippet.text : -1;
    var field = k > 0 ? fields[record[3 + k]] : null;
    if (kind === 0 && field && field[2] && !snippet.inTitle) { url = "#" + field[2]; }
    var a = el("a", "hit kind-" + kind);
    a.href = url.charAt(0) === "#" || url === "" ? pageOf(record) + url : root + url;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.appendChild(el("span", "kind", labels.kinds[kind]));
    var name = el("span", "name");
    if (kind === 0) { name.appendChild(el("span", "ref", data.sops[record[1]][0])); }
    var around = (kind === 1 ? format(labels.numbered, { n: record[3] }) : "{title}").split("{title}");
    if (around[0]) { add(name, around[0]); }
    highlight(name, text(r, 0), terms, false);
    if (around[1]) { add(name, around[1]); }
    a.appendChild(name);
    if (field) {
      var where = el("span", "snippet");
      where.appendChild(el("span", "field", field[0] + labels.colon));
      highlight(where, text(r, k), terms, true);
      a.appendChild(where);
    }
    return a;
  }

  function item(className, content) {
    var li = el("li", className, content);
    li.setAttribute("role", "presentation");
    return li;
  }

  function showGroup(group, terms) {
    var li = item("group"), hits = group.hits, head = records[hits[0]];
    if (head[1] >= 0 && head[0] !== 0) {
      li.appendChild(hit(data.sops[head[1]][3], terms, false));  // the SOP, as context
    } else {
      li.appendChild(hit(hits[0], terms, true));
      hits = hits.slice(1);
    }
    if (hits.length) {
      var inner = el("ul");
      inner.setAttribute("role", "group");
      hits.slice(0, MAX_HITS).forEach(function (r) {
        inner.appendChild(item("")).appendChild(hit(r, terms, true));
      });
      li.appendChild(inner);
    }
    if (hits.length > MAX_HITS) {
      var more = el("a", "more", format(labels.more, { n: hits.length - MAX_HITS }));
      more.href = pageOf(head);
      more.setAttribute("role", "option");
      li.appendChild(more);
    }
    list.appendChild(li);
  }

  function open(shown) {
    list.hidden = !shown;
    input.setAttribute("aria-expanded", shown ? "true" : "false");
    if (!shown) { input.removeAttribute("aria-activedescendant"); }
  }

  function show(query) {
    if (!data) { ready(function () { show(input.value); }); return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    active = -1;
    input.removeAttribute("aria-activedescendant");
    var terms = parse(query), said = "";
    if (terms.length) {
      var found = search(terms);
      if (!found.total) {
        said = format(labels.none, { query: query.trim() });
        list.appendChild(item("none", said));
      } else {
        said = found.total === 1 ? labels.count_one : format(labels.count, { n: found.total });
        list.appendChild(item("count", said));
        found.groups.slice(0, MAX_GROUPS).forEach(function (group) { showGroup(group, terms); });
        if (found.groups.length > MAX_GROUPS) {
          list.appendChild(item("truncated", format(labels.truncated, { n: MAX_GROUPS })));
        }
      }
      Array.prototype.forEach.call(options(), function (a, n) { a.id = "search-hit-" + n; });
    }
    if (status) { status.textContent = said; }
    open(terms.length > 0);
  }

  function options() { return list.querySelectorAll("a.hit, a.more"); }

  function choose(n) {
    var items = options();
    if (!items.length) { return; }
    if (items[active]) {
      items[active].classList.remove("active");
      items[active].setAttribute("aria-selected", "false");
    }
    active = (n + items.length) % items.length;
    var chosen = items[active];
    chosen.classList.add("active");
    chosen.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", chosen.id);
    chosen.scrollIntoView({ block: "nearest" });
  }

  // Chinese is typed through an input method: search when a word is chosen, not on
  // each letter of its pinyin
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; show(input.value); });
  input.addEventListener("input", function (event) {
    if (!composing && !event.isComposing) { show(input.value); }
  });
  // the index is made ready when the reader comes to the box, before the first key
  input.addEventListener("focus", function () {
    ready(prepare);
    if (list.hidden && input.value.trim()) { show(input.value); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.isComposing || composing) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { show(input.value); }
      choose(event.key === "ArrowDown" ? active + 1 : (active < 0 ? -1 : active - 1));
    } else if (event.key === "Enter") {
      var target = options()[active >= 0 ? active : 0];
      if (target && !list.hidden) {
        event.preventDefault();
        open(false);
        window.location.href = target.href;
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (!list.hidden) { open(false); } else { input.value = ""; show(""); }
    }
  });
  list.addEventListener("keydown", function (event) {
    var items = Array.prototype.slice.call(options()), at = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = items[(at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      if (next) { next.focus(); }
    } else if (event.key === "Escape") {
      input.focus();
      open(false);
    }
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) { open(false); }
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) { open(false); }
  });
}());
