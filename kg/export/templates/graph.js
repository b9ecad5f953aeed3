/* kg graph page: reads the JSON in #kg-data, draws it with vis-network, wires search, filters
   and the side panel. Everything taken from the graph is untrusted text: it reaches the document
   only through textContent, createTextNode and attributes set from checked values, never as markup.
   Globals for scripts and tests: `network` (vis.Network, as pyvis pages have) and `kg` (below). */
(function () {
  "use strict";
  var timings = window.kgTimings = { start: performance.now() };  // read by benchmarks/html_bench.py
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  timings.parsed = performance.now();
  var types = data.types, N = data.nodes.length, E = data.edges.length;
  var TYPE = {};
  types.forEach(function (t, i) { TYPE[t.key] = i; });
  var REL = {};
  data.relations.forEach(function (r, i) { REL[r] = i; });
  // Arrows, edge tooltips and hover cost a pass over every edge per frame or mouse move.
  var big = N > 3000 || E > 8000;
  var RELATION_NAMES = data.relationTitles;
  function typeSections(nb, key) {
    (data.sections[key] || []).forEach(function (s) { relSection(nb, s[0], s[1], s[2]); });
  }

  var ids = new Array(N), idx = Object.create(null), adj = new Array(N);
  data.nodes.forEach(function (n, i) { ids[i] = n[0]; idx[n[0]] = i; adj[i] = []; });
  data.edges.forEach(function (e, k) { adj[e[0]].push(k); if (e[1] !== e[0]) adj[e[1]].push(k); });

  function truncate(s, n) { return s.length > n ? s.slice(0, n - 1).replace(/\s+$/, "") + "\u2026" : s; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function typeOf(i) { return types[data.nodes[i][1]]; }
  function colorOf(t) {
    var c = types[t].color;
    return { background: c, border: c, highlight: { background: c, border: "#111" }, hover: { background: c, border: "#111" } };
  }
  function tooltip(i) {
    var n = data.nodes[i], text = types[n[1]].name + ": " + n[2];
    if (n[6]) text += "\n" + plural(n[6], "paper");
    return text; // a string: vis-network shows it with innerText
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n, i) {
    return { id: n[0], label: truncate(n[2], data.labelChars), title: tooltip(i), x: n[3], y: n[4], size: n[5],
             group: types[n[1]].key };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, k) {
    var rel = data.relations[e[2]], c = data.relationColors[e[2]];
    var item = { id: k, from: ids[e[0]], to: ids[e[1]], color: { color: c, highlight: "#333", hover: "#333", inherit: false } };
    if (rel === "cooccurs") item.width = Math.min(6, 0.5 + e[3] / 2);
    else if (!big) item.arrows = "to";
    if (!big) item.title = (RELATION_NAMES[rel] || rel) + (e[3] ? " (" + plural(e[3], "paper") + ")" : "");
    return item;
  }));
  timings.datasets = performance.now();
  var groups = {};
  types.forEach(function (t, ti) { groups[t.key] = { shape: t.shape, color: colorOf(ti) }; });
  var options = {
    autoResize: true,
    groups: groups,
    physics: false,
    layout: { improvedLayout: false },
    nodes: { borderWidth: 1, font: { size: 12, color: "#222", strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { label: { drawThreshold: 9 } } },
    edges: { smooth: false, width: 1, selectionWidth: 1.5, arrows: { to: { scaleFactor: 0.4 } } },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  timings.network = performance.now();
  network.once("afterDrawing", function () { window.kgReady = performance.now(); });

  // ---- filters: type, papers/entities mode, topic, co-occurrence threshold ----
  var typeOn = types.map(function () { return true; });
  var mode = "all", topic = null, coocMin = 1;
  var nodeHidden = new Uint8Array(N), edgeHidden = new Uint8Array(E);
  var PAPER = TYPE.paper, CLAIM = TYPE.claim;

  // a paper belongs to a topic when it is about it or addresses one of the topic's tasks
  function inTopic(rel) { return rel === REL.about || rel === REL.addresses; }

  function topicScope(t) {
    // the topic, the topics and tasks below it (broader edges point child -> parent), their papers
    // and everything those papers link to
    var scope = new Uint8Array(N), stack = [t], topicsIn = [t];
    scope[t] = 1;
    while (stack.length) {
      var x = stack.pop();
      adj[x].forEach(function (k) {
        var e = data.edges[k];
        if (e[2] === REL.broader && e[1] === x && !scope[e[0]]) { scope[e[0]] = 1; stack.push(e[0]); topicsIn.push(e[0]); }
      });
    }
    topicsIn.forEach(function (ti) {
      adj[ti].forEach(function (k) {
        var e = data.edges[k], p = e[0];
        if (inTopic(e[2]) && e[1] === ti && data.nodes[p][1] === PAPER) {
          scope[p] = 1;
          adj[p].forEach(function (k2) { var e2 = data.edges[k2]; if (e2[0] === p) scope[e2[1]] = 1; });
        }
      });
    });
    return scope;
  }

  function topicPaperCounts() {
    // papers about each topic or a topic or task below it: what choosing it in the topic filter keeps
    var ancestors = {}, papers = {}, counts = {};
    function up(t) {
      if (ancestors[t]) return ancestors[t];
      var out = ancestors[t] = [t];
      adj[t].forEach(function (k) {
        var e = data.edges[k];
        if (e[2] === REL.broader && e[0] === t) up(e[1]).forEach(function (a) { if (out.indexOf(a) < 0) out.push(a); });
      });
      return out;
    }
    data.edges.forEach(function (e) {
      if (!inTopic(e[2]) || data.nodes[e[0]][1] !== PAPER) return;
      up(e[1]).forEach(function (a) { (papers[a] = papers[a] || {})[e[0]] = 1; });
    });
    Object.keys(papers).forEach(function (t) { counts[t] = Object.keys(papers[t]).length; });
    return counts;
  }

  function applyFilters() {
    var scope = topic === null ? null : topicScope(topic), changes = [];
    for (var i = 0; i < N; i++) {
      var t = data.nodes[i][1];
      var show = typeOn[t] && (mode === "all" || (mode === "papers" ? t === PAPER : t !== PAPER && t !== CLAIM)) &&
                 (scope === null || scope[i] === 1);
      var hide = show ? 0 : 1;
      if (nodeHidden[i] !== hide) { nodeHidden[i] = hide; changes.push({ id: ids[i], hidden: !!hide }); }
    }
    if (changes.length) nodes.update(changes);
    if (focusNode !== null && nodeHidden[focusNode]) closePanel();
    updateCount();
  }

  function applyThreshold(v) {
    coocMin = v;
    var changes = [];
    for (var k = 0; k < E; k++) {
      var e = data.edges[k];
      if (e[2] !== REL.cooccurs) continue;
      var hide = e[3] < v ? 1 : 0;
      if (edgeHidden[k] !== hide) { edgeHidden[k] = hide; changes.push({ id: k, hidden: !!hide }); }
    }
    if (changes.length) edges.update(changes);
    document.getElementById("kg-threshold-value").textContent = String(v);
    updateCount();
  }

  function visibleNodeIds() {
    var out = [];
    for (var i = 0; i < N; i++) if (!nodeHidden[i]) out.push(ids[i]);
    return out;
  }

  function updateCount() {
    var n = 0, m = 0;
    for (var i = 0; i < N; i++) if (!nodeHidden[i]) n++;
    for (var k = 0; k < E; k++) {
      var e = data.edges[k];
      if (!edgeHidden[k] && !nodeHidden[e[0]] && !nodeHidden[e[1]]) m++;
    }
    document.getElementById("kg-count").textContent = n.toLocaleString("en") + " of " + N.toLocaleString("en") +
      " nodes, " + m.toLocaleString("en") + " edges shown";
  }

  // ---- selection: neighbours highlighted, the rest dimmed ----
  // Restyling every other node would cost a DataSet update of all N nodes per click (about a
  // second at 10,000): instead each frame is veiled and the neighbourhood drawn again on top.
  var focusNode = null, focusSet = [];
  function highlight(i) {
    focusNode = i;
    focusSet = [];
    if (i !== null) {
      var keep = new Uint8Array(N);
      keep[i] = 1;
      adj[i].forEach(function (k) { keep[data.edges[k][0]] = 1; keep[data.edges[k][1]] = 1; });
      for (var j = 0; j < N; j++) if (keep[j]) focusSet.push(j);
    }
    network.body.emitter.emit("_requestRedraw");  // one frame for all of a click's changes
  }
  function shown(k) { var e = data.edges[k]; return !edgeHidden[k] && !nodeHidden[e[0]] && !nodeHidden[e[1]]; }
  network.on("afterDrawing", function (ctx) {
    if (focusNode === null) return;
    var body = network.body, scale = network.getScale(), labels = [];
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "rgba(255,255,255,0.8)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    adj[focusNode].forEach(function (k) {
      var e = body.edges[k];
      if (e && e.connected && shown(k)) { e.draw(ctx); e.drawArrows(ctx); }
    });
    focusSet.forEach(function (j) {
      var nd = body.nodes[ids[j]];
      if (!nd || nodeHidden[j]) return;
      var r = nd.draw(ctx);
      if (r && r.drawExternalLabel) labels.push(r.drawExternalLabel);
    });
    labels.forEach(function (f) { f(); });
    if (12 * scale < 9) {  // vis-network hides labels this small: name the neighbourhood anyway
      ctx.font = (11 / scale) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#222222";
      focusSet.forEach(function (j) {
        if (nodeHidden[j]) return;
        var nd = body.nodes[ids[j]], y = nd.y + data.nodes[j][5] + 2 / scale;
        ctx.strokeText(nd.options.label, nd.x, y);
        ctx.fillText(nd.options.label, nd.x, y);
      });
    }
  });

  // ---- side panel, built with DOM calls only ----
  var panel = document.getElementById("kg-panel"), panelBody = document.getElementById("kg-panel-body");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function nodeLink(i, text) {
    var b = el("button", text === undefined ? data.nodes[i][2] : text, "kg-link");
    b.type = "button";
    b.setAttribute("data-node", ids[i]);
    b.addEventListener("click", function () { jump(i); });
    return b;
  }
  function externalLink(text, url) {
    if (typeof url !== "string" || !/^https?:\/\/[^\s]+$/i.test(url)) return el("span", text);
    var a = el("a", text);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function section(title, items, more) {
    if (!items.length) return;
    panelBody.appendChild(el("h3", title));
    var ul = el("ul");
    items.forEach(function (x) { var li = el("li"); li.appendChild(x); ul.appendChild(li); });
    if (more > 0) ul.appendChild(el("li", "and " + more.toLocaleString("en") + " more"));
    panelBody.appendChild(ul);
  }
  function neighbours(i) {
    return adj[i].map(function (k) {
      var e = data.edges[k], out = e[0] === i;
      return { j: out ? e[1] : e[0], rel: data.relations[e[2]], out: out, papers: e[3], npmi: e[4] };
    });
  }
  function byLabel(a, b) { var x = data.nodes[a.j][2], y = data.nodes[b.j][2]; return x < y ? -1 : x > y ? 1 : 0; }
  function linksOf(list, limit) {
    return { items: list.slice(0, limit).map(function (n) { return nodeLink(n.j); }), more: list.length - limit };
  }
  function relSection(nb, rel, out, title, limit) {
    var list = nb.filter(function (n) { return n.rel === rel && n.out === out; }).sort(byLabel);
    var l = linksOf(list, limit || 50);
    section(title || RELATION_NAMES[rel] || rel, l.items, l.more);
  }
  function abstractWithMarks(text, marks) {
    var p = el("p", null, "kg-abstract"), pos = 0;
    (marks || []).forEach(function (m) {
      if (m[0] < pos || m[1] > text.length) return;
      if (m[0] > pos) p.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var t = types[m[2]], mark = el("mark", text.slice(m[0], m[1]), "kg-mark-" + t.key);
      mark.style.borderBottomColor = t.color;
      mark.title = t.name;
      p.appendChild(mark);
      pos = m[1];
    });
    if (pos < text.length) p.appendChild(document.createTextNode(text.slice(pos)));
    return p;
  }

  function showPanel(i) {
    var n = data.nodes[i], info = data.info[i] || {}, t = types[n[1]], nb = neighbours(i);
    while (panelBody.firstChild) panelBody.removeChild(panelBody.firstChild);
    panelBody.appendChild(el("h2", info.title || n[2]));
    var badge = el("span", t.name, "kg-type");
    badge.style.background = t.color;
    panelBody.appendChild(badge);
    if (t.key === "paper") {
      var meta = [];
      if (info.authors) meta.push(info.authors.slice(0, 8).join(", ") + (info.authors.length > 8 ? " et al." : ""));
      if (info.date) meta.push(info.date);
      if (meta.length) panelBody.appendChild(el("p", meta.join(" \u00b7 "), "kg-meta"));
      var links = (info.links || []).map(function (l) { return externalLink(l[0], l[1]); });
      nb.filter(function (x) { return x.rel === "has_code" && x.out; }).sort(byLabel).forEach(function (x) {
        var url = (data.info[x.j] || {}).url;
        links.push(url ? externalLink("Code: " + data.nodes[x.j][2], url) : nodeLink(x.j));
      });
      section("Links", links, 0);
      if (info.abstract) { panelBody.appendChild(el("h3", "Abstract")); panelBody.appendChild(abstractWithMarks(info.abstract, info.marks)); }
      typeSections(nb, "paper");
      var claims = nb.filter(function (x) { return x.rel === "reports" && x.out; }).sort(byLabel);
      section("Claims", claims.map(function (x) {
        var span = el("span");
        span.appendChild(nodeLink(x.j));
        var sentence = (data.info[x.j] || {}).sentence;
        if (sentence) span.appendChild(el("div", sentence, "kg-meta"));
        return span;
      }), 0);
    } else if (t.key === "claim") {
      var parts = [];
      if (info.value !== undefined) parts.push("value " + info.value + (info.unit ? " " + info.unit : ""));
      if (info.kind) parts.push(info.kind);
      if (info.qualifier) parts.push(info.qualifier);
      if (parts.length) panelBody.appendChild(el("p", parts.join(" \u00b7 "), "kg-meta"));
      if (info.sentence) panelBody.appendChild(el("p", info.sentence, "kg-abstract"));
      relSection(nb, "reports", false, "Paper");
      typeSections(nb, "claim");
    } else {
      var stats = [];
      if (n[6]) stats.push("found in " + plural(n[6], "paper"));
      if (info.mentions) stats.push(plural(info.mentions, "mention"));
      if (info.proposed_in) stats.push("proposed in " + plural(info.proposed_in, "paper"));
      if (info.source) stats.push("source: " + info.source);
      if (stats.length) panelBody.appendChild(el("p", stats.join(" \u00b7 "), "kg-meta"));
      if (info.url) section("Links", [externalLink(info.url, info.url)], 0);
      if (info.aliases && info.aliases.length) {
        panelBody.appendChild(el("h3", "Aliases"));
        var chips = el("p");
        info.aliases.forEach(function (a) { chips.appendChild(el("span", a, "kg-chip")); });
        panelBody.appendChild(chips);
      }
      var papers = nb.filter(function (x) { return !x.out && data.nodes[x.j][1] === PAPER; }).sort(byLabel);
      var lp = linksOf(papers, 30);
      section("Papers", lp.items, lp.more);
      var co = nb.filter(function (x) { return x.rel === "cooccurs"; }).sort(function (a, b) {
        return (b.papers - a.papers) || ((b.npmi || 0) - (a.npmi || 0)) || byLabel(a, b);
      });
      section("Strongest co-occurrences", co.slice(0, 10).map(function (x) {
        var span = el("span");
        span.appendChild(nodeLink(x.j));
        span.appendChild(el("span", " \u2014 " + plural(x.papers, "paper") + (x.npmi !== null ? ", npmi " + x.npmi : ""), "kg-meta"));
        return span;
      }), co.length - 10);
      (info.leaderboard || []).forEach(function (b) {  // [metric, unit, direction, rows]
        var head = "Leaderboard: " + b[0] + (b[1] ? " (" + b[1] + ")" : "") + (b[2] ? ", " + b[2] + " is better" : "");
        section(head, b[3].map(function (r) {  // [rank, value, qualifier, method, paper, claim]
          var span = el("span");
          var unit = b[1] === "%" || b[1] === "x" ? b[1] : b[1] ? " " + b[1] : "";
          var what = r[0] + ". " + (r[2] ? r[2] + " " : "") + r[1] + unit;
          span.appendChild(r[5] !== null && r[5] !== undefined ? nodeLink(r[5], what) : el("span", what));
          span.appendChild(el("span", " \u2014 " + (r[3] ? r[3] + ", " : "") + r[4], "kg-meta"));
          return span;
        }), 0);
      });
      var claimsOf = nb.filter(function (x) { return !x.out && data.nodes[x.j][1] === CLAIM; }).sort(byLabel);
      var lc = linksOf(claimsOf, 30);
      section("Claims", lc.items, lc.more);
      typeSections(nb, t.key);
    }
    panel.hidden = false;
  }
  function closePanel() { panel.hidden = true; network.unselectAll(); highlight(null); }
  document.getElementById("kg-panel-close").addEventListener("click", closePanel);

  function select(i) {
    network.selectNodes([ids[i]]);
    highlight(i);
    showPanel(i);
  }
  function jump(i) {
    if (typeof i === "string") i = idx[i];
    if (i === undefined) return false;
    if (nodeHidden[i]) return false;
    select(i);
    network.focus(ids[i], { scale: Math.max(network.getScale(), 0.9), animation: false });
    return true;
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(idx[params.nodes[0]]);
    else if (!params.edges.length) closePanel();
  });

  // ---- search: label, aliases and title; exact, then prefix, then substring matches ----
  var keys = data.nodes.map(function (n, i) {
    var info = data.info[i] || {}, k = [n[2].toLowerCase()];
    (info.aliases || []).forEach(function (a) { k.push(a.toLowerCase()); });
    if (info.title) k.push(info.title.toLowerCase());
    return k;
  });
  function find(q, limit) {
    q = String(q).trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    for (var i = 0; i < N; i++) {
      if (nodeHidden[i]) continue;
      var best = 0, k = keys[i];
      for (var j = 0; j < k.length && best < 3; j++) {
        if (k[j] === q) best = 3;
        else if (best < 2 && k[j].lastIndexOf(q, 0) === 0) best = 2;
        else if (best < 1 && k[j].indexOf(q) >= 0) best = 1;
      }
      if (best) hits.push([best, data.nodes[i][6], data.nodes[i][5], i]);
    }
    hits.sort(function (a, b) { return (b[0] - a[0]) || (b[1] - a[1]) || (b[2] - a[2]) || (a[3] - b[3]); });
    return hits.slice(0, limit || 10).map(function (h) { return ids[h[3]]; });
  }
  var searchBox = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  function showResults(found) {
    while (results.firstChild) results.removeChild(results.firstChild);
    found.forEach(function (id) {
      var i = idx[id], li = el("li"), b = el("button", data.nodes[i][2] + " \u2014 " + typeOf(i).name);
      b.type = "button";
      b.addEventListener("click", function () { results.hidden = true; jump(i); });
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!found.length && searchBox.value.trim()) results.appendChild(el("li", "no match"));
    results.hidden = !results.firstChild;
  }
  searchBox.addEventListener("input", function () { showResults(find(searchBox.value, 8)); });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = find(searchBox.value, 1);
      results.hidden = true;
      if (found.length) jump(found[0]);
    } else if (ev.key === "Escape") { results.hidden = true; }
  });
  document.addEventListener("click", function (ev) { if (!document.getElementById("kg-search-box").contains(ev.target)) results.hidden = true; });

  // ---- controls ----
  var counts = types.map(function () { return 0; });
  data.nodes.forEach(function (n) { counts[n[1]]++; });
  var legend = document.getElementById("kg-legend");
  legend.appendChild(el("strong", "Types"));
  types.forEach(function (t, ti) {
    if (!counts[ti]) return;
    var label = el("label"), box = el("input"), swatch = el("span", null, "kg-swatch " + t.shape);
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-type", t.key);
    box.addEventListener("change", function () { typeOn[ti] = box.checked; applyFilters(); });
    swatch.style.background = t.color;
    label.appendChild(box); label.appendChild(swatch); label.appendChild(el("span", t.name + " (" + counts[ti].toLocaleString("en") + ")"));
    legend.appendChild(label);
  });
  var modeBox = document.getElementById("kg-mode");
  modeBox.addEventListener("change", function () { mode = modeBox.value; applyFilters(); });
  var topicBox = document.getElementById("kg-topic");
  var topicNodes = [], topicPapers = topicPaperCounts();
  for (var ti = 0; ti < N; ti++) if (data.nodes[ti][1] === TYPE.topic) topicNodes.push(ti);
  topicNodes.sort(function (a, b) {
    return ((topicPapers[b] || 0) - (topicPapers[a] || 0)) || (data.nodes[a][2] < data.nodes[b][2] ? -1 : 1);
  });
  topicNodes.forEach(function (i) {
    var o = el("option", data.nodes[i][2] + " (" + plural(topicPapers[i] || 0, "paper") + ")");
    o.value = ids[i];
    topicBox.appendChild(o);
  });
  topicBox.disabled = !topicNodes.length;
  topicBox.addEventListener("change", function () { topic = topicBox.value ? idx[topicBox.value] : null; applyFilters(); });
  var slider = document.getElementById("kg-threshold"), lo = Infinity, hi = 0;
  data.edges.forEach(function (e) { if (e[2] === REL.cooccurs) { lo = Math.min(lo, e[3]); hi = Math.max(hi, e[3]); } });
  if (hi > 0) {
    slider.min = String(lo); slider.max = String(hi); slider.value = String(lo);
    applyThreshold(lo);
    slider.addEventListener("input", function () { applyThreshold(parseInt(slider.value, 10)); });
  } else {
    document.getElementById("kg-threshold-box").hidden = true;
  }

  window.kg = {
    data: data, nodes: nodes, edges: edges, find: find, jump: jump, select: select, showPanel: showPanel,
    closePanel: closePanel, visibleNodeIds: visibleNodeIds,
    highlighted: function () { return focusSet.filter(function (j) { return !nodeHidden[j]; }).map(function (j) { return ids[j]; }); },
    setType: function (key, on) {
      typeOn[TYPE[key]] = !!on;
      var box = legend.querySelector('input[data-type="' + key.replace(/[^a-z]/g, "") + '"]');
      if (box) box.checked = !!on;
      applyFilters();
    },
    setMode: function (m) { mode = modeBox.value = m; applyFilters(); },
    setTopic: function (id) { topicBox.value = id || ""; topic = id ? idx[id] : null; applyFilters(); },
    setThreshold: function (v) { slider.value = String(v); applyThreshold(v); }
  };
  updateCount();
  network.fit({ animation: false });
  timings.controls = performance.now();
  if (data.focus !== null && idx[data.focus] !== undefined) jump(data.focus);
})();
