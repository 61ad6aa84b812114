(function () {
  "use strict";
  // Sentence arrays: [score, paragraph, text, claim_id, details or null].
  var SCORE = 0, PARAGRAPH = 1, TEXT = 2, ID = 3, DETAILS = 4;
  // Sentences this far below the threshold are shown faintly: the ones a reviewer may
  // want to see when deciding where the threshold should be.
  var NEAR = 0.1;
  var PAGE = 100;
  var TYPE_FIELDS = ["claim_type", "type", "kind"];

  var data = JSON.parse(document.getElementById("report-data").textContent);
  var articles = data.articles;
  var state = { t: data.threshold, type: "", sort: "index", descending: false, page: 0, find: "", article: -1 };

  function $(id) { return document.getElementById(id); }
  function node(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fixed(x) { return Number(x).toFixed(3); }

  function typeOf(sentence) {
    var d = sentence[DETAILS];
    if (!d) return "";
    for (var i = 0; i < TYPE_FIELDS.length; i++) {
      var v = d[TYPE_FIELDS[i]];
      if (typeof v === "string" && v) return v;
    }
    return "";
  }
  function isClaim(sentence) {
    return sentence[SCORE] >= state.t && (!state.type || typeOf(sentence) === state.type);
  }
  function isNear(sentence) {
    return !isClaim(sentence) && sentence[SCORE] >= state.t - NEAR &&
      (!state.type || typeOf(sentence) === state.type);
  }
  function claimCount(article) {
    var n = 0, s = article.sentences;
    for (var i = 0; i < s.length; i++) if (isClaim(s[i])) n++;
    return n;
  }
  function topScore(article) {
    var top = -1, s = article.sentences;
    for (var i = 0; i < s.length; i++) if (s[i][SCORE] > top) top = s[i][SCORE];
    return top;
  }

  // ---- location: #t=0.72&a=12&type=statistic ------------------------------------------
  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var t = parseFloat(params.get("t"));
    if (!isNaN(t) && t >= 0 && t <= 1) state.t = t;
    var a = parseInt(params.get("a"), 10);
    state.article = !isNaN(a) && a >= 0 && a < articles.length ? a : -1;
    var type = params.get("type");
    state.type = type && types.indexOf(type) >= 0 ? type : "";
  }
  function hashFor(article) {
    var params = new URLSearchParams();
    if (Math.abs(state.t - data.threshold) > 1e-9) params.set("t", fixed(state.t));
    if (state.type) params.set("type", state.type);
    if (article >= 0) params.set("a", String(article));
    var h = params.toString();
    return h ? "#" + h : "#";
  }
  // Links carry the threshold and type filter along, so they are redone when those change.
  function relink() {
    document.querySelectorAll("a[data-target]").forEach(function (link) {
      link.href = hashFor(+link.getAttribute("data-target"));
    });
  }
  function keepHash() {
    try { history.replaceState(null, "", hashFor(state.article)); } catch (e) { /* file: URLs in some browsers */ }
  }

  // ---- types ---------------------------------------------------------------------------
  var types = (function () {
    var seen = {};
    articles.forEach(function (a) { a.sentences.forEach(function (s) { var k = typeOf(s); if (k) seen[k] = true; }); });
    return Object.keys(seen).sort();
  })();

  // ---- overview ------------------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  var BINS = 20;
  var bins = (function () {
    var counts = [];
    for (var i = 0; i < BINS; i++) counts.push(0);
    articles.forEach(function (a) {
      a.sentences.forEach(function (s) { counts[Math.min(BINS - 1, Math.floor(s[SCORE] * BINS))]++; });
    });
    return counts;
  })();

  function svg(tag, attributes, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attributes) e.setAttribute(k, attributes[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function drawHistogram() {
    var W = 600, H = 170, left = 40, bottom = 22, top = 18;
    var plotW = W - left - 10, plotH = H - bottom - top;
    var max = Math.max.apply(null, bins.concat([1]));
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "Histogram of sentence scores; the dashed line is the threshold" });
    chart.appendChild(svg("text", { x: 0, y: 12 }, "tallest bar: " + max + " sentences"));
    for (var i = 0; i < BINS; i++) {
      var h = bins[i] ? Math.max(1, bins[i] / max * plotH) : 0;
      var x = left + i * plotW / BINS;
      var bar = svg("rect", { x: x + 1, y: top + plotH - h, width: plotW / BINS - 2, height: h,
        "class": "bar" + (i / BINS >= state.t - 1e-9 ? " above" : "") });
      bar.appendChild(svg("title", {}, fixed(i / BINS) + "\u2013" + fixed((i + 1) / BINS) + ": " + bins[i] + " sentences"));
      chart.appendChild(bar);
    }
    for (var k = 0; k <= 4; k++) {
      chart.appendChild(svg("text", { x: left + k * plotW / 4 - 8, y: H - 6 }, String(k / 4)));
    }
    var mx = left + state.t * plotW;
    chart.appendChild(svg("line", { x1: mx, x2: mx, y1: top - 6, y2: top + plotH, "class": "mark" }));
    chart.appendChild(svg("text", { x: Math.min(mx + 4, W - 70), y: top - 6, "class": "mark-label" }, "threshold " + fixed(state.t)));
    var holder = $("histogram");
    holder.textContent = "";
    holder.appendChild(chart);
  }

  function drawTypes() {
    if (!types.length) return;
    $("types").hidden = false;
    var counts = {};
    articles.forEach(function (a) {
      a.sentences.forEach(function (s) {
        if (s[SCORE] >= state.t) { var k = typeOf(s) || "(none)"; counts[k] = (counts[k] || 0) + 1; }
      });
    });
    var body = $("types-body");
    body.textContent = "";
    Object.keys(counts).sort(function (x, y) { return counts[y] - counts[x] || (x < y ? -1 : 1); }).forEach(function (k) {
      var row = node("tr");
      row.appendChild(node("td", "", k));
      row.appendChild(node("td", "num", counts[k]));
      body.appendChild(row);
    });
  }

  function rowsInOrder() {
    var find = state.find.toLowerCase();
    var rows = [];
    for (var i = 0; i < articles.length; i++) {
      var a = articles[i];
      if (find && a.path.toLowerCase().indexOf(find) < 0 && a.title.toLowerCase().indexOf(find) < 0) continue;
      rows.push({ index: i, path: a.path, date: a.date, sentences: a.sentences.length, claims: claimCount(a), top: topScore(a) });
    }
    var key = state.sort, sign = state.descending ? -1 : 1;
    rows.sort(function (x, y) {
      var a = x[key], b = y[key];
      if (a < b) return -sign;
      if (a > b) return sign;
      return x.index - y.index;
    });
    return rows;
  }

  function drawTable() {
    var rows = rowsInOrder();
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var body = $("articles-body");
    body.textContent = "";
    rows.slice(state.page * PAGE, state.page * PAGE + PAGE).forEach(function (r) {
      var a = articles[r.index];
      var row = node("tr", a.error ? "failed" : r.claims ? "" : "none");
      row.appendChild(node("td", "num", r.index + 1));
      var cell = node("td", "path");
      var link = node("a", "", a.path);
      link.setAttribute("data-target", String(r.index));
      cell.appendChild(link);
      if (a.error) cell.appendChild(node("span", "title", "skipped: " + a.error));
      else if (a.title) cell.appendChild(node("span", "title", a.title));
      row.appendChild(cell);
      row.appendChild(node("td", "date", a.date));
      row.appendChild(node("td", "num", r.sentences));
      row.appendChild(node("td", "num", r.claims));
      row.appendChild(node("td", "num", r.top >= 0 ? fixed(r.top) : ""));
      body.appendChild(row);
    });
    var pager = $("pager");
    relink();
    pager.textContent = "";
    pager.appendChild(document.createTextNode(rows.length + " articles" + (pages > 1 ? ", page " + (state.page + 1) + " of " + pages : "")));
    if (pages > 1) {
      [["\u2039 previous", -1], ["next \u203a", 1]].forEach(function (b) {
        var button = node("button", "", b[0]);
        button.disabled = state.page + b[1] < 0 || state.page + b[1] >= pages;
        button.addEventListener("click", function () { state.page += b[1]; drawTable(); });
        pager.appendChild(button);
      });
    }
    document.querySelectorAll("#articles th button").forEach(function (b) {
      if (b.getAttribute("data-sort") === state.sort) b.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
      else b.removeAttribute("aria-sort");
    });
  }

  function drawCounts() {
    var n = 0;
    articles.forEach(function (a) { n += claimCount(a); });
    $("count-claims").textContent = String(n);
  }

  function drawOverview() {
    drawCounts();
    drawHistogram();
    drawTypes();
    drawTable();
  }

  // ---- reader --------------------------------------------------------------------------
  function classify(span, sentence) {
    var c = "s";
    if (isClaim(sentence)) {
      var strength = state.t >= 1 ? 4 : Math.min(4, 1 + Math.floor((sentence[SCORE] - state.t) / (1 - state.t) * 4));
      c += " claim l" + strength;
      span.tabIndex = 0;
    } else {
      if (isNear(sentence)) c += " near";
      span.removeAttribute("tabindex");
    }
    span.className = c;
  }

  function articleWithClaims(from, step) {
    for (var i = from + step; i >= 0 && i < articles.length; i += step) {
      if (claimCount(articles[i])) return i;
    }
    return -1;
  }

  function drawReader() {
    var index = state.article;
    var a = articles[index];
    var reader = $("reader");
    reader.textContent = "";
    reader.setAttribute("data-index", String(index));
    var nav = node("nav");
    var back = node("a", "", "\u2190 Overview");
    back.setAttribute("data-target", "-1");
    nav.appendChild(back);
    if (index > 0) { var prev = node("a", "", "\u2039 previous article"); prev.setAttribute("data-target", String(index - 1)); nav.appendChild(prev); }
    if (index + 1 < articles.length) { var next = node("a", "", "next article \u203a"); next.setAttribute("data-target", String(index + 1)); nav.appendChild(next); }
    reader.appendChild(nav);
    reader.appendChild(node("h2", "", a.title || a.path));
    var meta = [a.path];
    if (a.date) meta.push(a.date);
    meta.push(a.sentences.length + " sentences");
    var claims = node("span", "", claimCount(a) + " claims");
    claims.id = "reader-claims";
    var p = node("p", "meta", meta.join(" \u00b7 ") + " \u00b7 ");
    p.appendChild(claims);
    reader.appendChild(p);
    if (a.error) {
      reader.appendChild(node("p", "error", "This file was skipped: " + a.error));
      return;
    }
    var legend = node("p", "legend");
    legend.appendChild(node("span", "s claim l3", "claim (score \u2265 threshold)"));
    legend.appendChild(node("span", "s near", "just below (within " + NEAR + ")"));
    legend.appendChild(node("span", "", "hover or focus a sentence for its score and details"));
    reader.appendChild(legend);
    var text = node("div");
    text.id = "text";
    var paragraph = null, last = -1;
    a.sentences.forEach(function (s, i) {
      if (!paragraph || s[PARAGRAPH] !== last) {
        paragraph = node("p");
        text.appendChild(paragraph);
        last = s[PARAGRAPH];
      } else {
        paragraph.appendChild(document.createTextNode(" "));
      }
      var span = node("span", "s", s[TEXT]);
      span.setAttribute("data-i", String(i));
      classify(span, s);
      paragraph.appendChild(span);
    });
    reader.appendChild(text);
  }

  function reclassifyReader() {
    var a = articles[state.article];
    document.querySelectorAll("#text .s").forEach(function (span) {
      classify(span, a.sentences[+span.getAttribute("data-i")]);
    });
    var claims = $("reader-claims");
    if (claims) claims.textContent = claimCount(a) + " claims";
  }

  // ---- details on hover / focus --------------------------------------------------------
  function describe(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map(describe).join("; ");
    if (typeof value === "object") {
      return Object.keys(value).map(function (k) { return k + ": " + describe(value[k]); }).join(", ");
    }
    return String(value);
  }

  function showTip(span) {
    var s = articles[state.article].sentences[+span.getAttribute("data-i")];
    var tip = $("tip");
    tip.textContent = "";
    var head = node("div");
    head.appendChild(node("span", "score", "score " + fixed(s[SCORE])));
    head.appendChild(document.createTextNode(isClaim(s) ? " \u00b7 claim" : s[SCORE] >= state.t ? " \u00b7 other type" : " \u00b7 below threshold " + fixed(state.t)));
    tip.appendChild(head);
    var list = node("dl");
    var rows = [["claim_id", s[ID]]];
    var d = s[DETAILS] || {};
    Object.keys(d).forEach(function (k) { rows.push([k.replace(/_/g, " "), describe(d[k])]); });
    rows.forEach(function (r) { list.appendChild(node("dt", "", r[0])); list.appendChild(node("dd", "", r[1])); });
    tip.appendChild(list);
    tip.hidden = false;
    var box = span.getBoundingClientRect();
    var width = tip.offsetWidth;
    tip.style.left = Math.max(4, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 4)) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function hideTip() { $("tip").hidden = true; }

  // ---- keyboard ------------------------------------------------------------------------
  function step(direction) {
    if (state.article < 0) {
      var first = articleWithClaims(-1, 1);
      if (first >= 0) location.hash = hashFor(first);
      return;
    }
    var claims = Array.prototype.slice.call(document.querySelectorAll("#text .s.claim"));
    var current = claims.indexOf(document.activeElement);
    var target = current < 0 ? (direction > 0 ? 0 : claims.length - 1) : current + direction;
    if (target >= 0 && target < claims.length) {
      claims[target].focus();
      claims[target].scrollIntoView({ block: "center" });
      return;
    }
    var other = articleWithClaims(state.article, direction);
    if (other >= 0) {
      pendingFocus = direction > 0 ? "first" : "last";
      location.hash = hashFor(other);
    }
  }
  var pendingFocus = null;

  // ---- wiring --------------------------------------------------------------------------
  function show() {
    readHash();
    $("threshold").value = String(state.t);
    $("threshold-value").textContent = fixed(state.t);
    $("type").value = state.type;
    hideTip();
    var reading = state.article >= 0;
    $("overview").hidden = reading;
    $("reader").hidden = !reading;
    if (reading) {
      drawReader();
      var claims = document.querySelectorAll("#text .s.claim");
      if (pendingFocus && claims.length) {
        var target = claims[pendingFocus === "first" ? 0 : claims.length - 1];
        target.focus();
        target.scrollIntoView({ block: "center" });
      } else {
        window.scrollTo(0, 0);
      }
      pendingFocus = null;
      document.title = (articles[state.article].title || articles[state.article].path) + " \u2013 claimsift report";
    } else {
      drawOverview();
      document.title = "claimsift report: " + articles.length + " articles";
    }
    relink();
  }

  function rehighlight() {
    $("threshold-value").textContent = fixed(state.t);
    keepHash();
    if (state.article >= 0) reclassifyReader();
    else drawOverview();
    relink();
  }

  $("threshold").addEventListener("input", function (e) {
    state.t = parseFloat(e.target.value);
    rehighlight();
  });
  if (types.length) {
    $("type-filter").hidden = false;
    types.forEach(function (k) { var o = node("option", "", k); o.value = k; $("type").appendChild(o); });
    $("type").addEventListener("change", function (e) { state.type = e.target.value; rehighlight(); });
  }
  document.querySelectorAll("#articles th button").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-sort");
      if (state.sort === key) state.descending = !state.descending;
      else { state.sort = key; state.descending = key === "claims" || key === "top" || key === "sentences"; }
      state.page = 0;
      drawTable();
    });
  });
  $("find").addEventListener("input", function (e) { state.find = e.target.value; state.page = 0; drawTable(); });
  var reader = $("reader");
  reader.addEventListener("mouseover", function (e) { if (e.target.classList && e.target.classList.contains("s") && e.target.closest("#text")) showTip(e.target); });
  reader.addEventListener("mouseout", function (e) { if (e.target.classList && e.target.classList.contains("s") && document.activeElement !== e.target) hideTip(); });
  reader.addEventListener("focusin", function (e) { if (e.target.classList && e.target.classList.contains("s")) showTip(e.target); });
  reader.addEventListener("focusout", hideTip);
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (e.key === "j") { step(1); e.preventDefault(); }
    else if (e.key === "k") { step(-1); e.preventDefault(); }
    else if (e.key === "Escape") hideTip();
  });
  window.addEventListener("hashchange", show);
  show();
  document.body.setAttribute("data-ready", "1");
  // Milliseconds from navigation to the first view drawn: the load time of a large report.
  document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));
})();
