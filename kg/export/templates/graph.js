/* kg graph page: reads the JSON in #kg-data, draws it with vis-network, and keeps one view state
   (mode, expanded nodes, focus, filters) that every control changes, the URL fragment records
   (kg/export/view_state.py describes it) and Back/Forward restore. Each change of what is shown
   lays the view out again (in the page up to data.localLayoutMax nodes, kgLayout; larger views
   use the positions computed ahead) and fits it to the canvas; labels are drawn by the page so
   that none overlaps another (kgLabels). Everything taken from the graph is untrusted text: it
   reaches the document only through textContent, createTextNode and attributes set from checked
   values, never as markup; the fragment is only ever parsed into ids looked up in the data.
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
  var PAPER = TYPE.paper, CLAIM = TYPE.claim, TOPIC = TYPE.topic;
  // Arrows, edge tooltips and hover cost a pass over every edge per frame or mouse move.
  var big = N > 3000 || E > 8000;
  var RELATION_NAMES = data.relationTitles;
  var EXPAND_PAPERS = 25, EXPAND_OTHERS = 35;  // the most neighbours an expansion adds, papers and others

  var ids = new Array(N), idx = Object.create(null), adj = new Array(N);
  data.nodes.forEach(function (n, i) { ids[i] = n[0]; idx[n[0]] = i; adj[i] = []; });
  data.edges.forEach(function (e, k) { adj[e[0]].push(k); if (e[1] !== e[0]) adj[e[1]].push(k); });
  function other(k, i) { var e = data.edges[k]; return e[0] === i ? e[1] : e[0]; }

  function truncate(s, n) { return s.length > n ? s.slice(0, n - 1).replace(/\s+$/, "") + "\u2026" : s; }
  var plural = kgPanel.plural, el = kgPanel.el;
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
  // importance, for labels and expansions: an entity's papers, a third of a paper's links (a paper
  // comes after the entities of five papers or more), then size, then order
  var weight = new Float64Array(N), rankOrder = [];
  for (var r0 = 0; r0 < N; r0++) {
    weight[r0] = data.nodes[r0][1] === PAPER ? adj[r0].length / 3 : data.nodes[r0][6];
    rankOrder.push(r0);
  }
  rankOrder.sort(function (a, b) { return (weight[b] - weight[a]) || (data.nodes[b][5] - data.nodes[a][5]) || (a - b); });
  var rankOf = new Int32Array(N);
  rankOrder.forEach(function (i, r) { rankOf[i] = r; });

  // ---- the view state and the URL fragment (keys and order as kg/export/view_state.py) ----
  var coocLo = Infinity, coocHi = 0;
  data.edges.forEach(function (e) { if (e[2] === REL.cooccurs) { coocLo = Math.min(coocLo, e[3]); coocHi = Math.max(coocHi, e[3]); } });
  if (coocHi === 0) coocLo = 1;
  var years = data.years || null, yearLo = Infinity, yearHi = -Infinity;
  if (years) years.forEach(function (y) { if (y) { yearLo = Math.min(yearLo, y); yearHi = Math.max(yearHi, y); } });
  if (!(yearHi >= yearLo)) years = null;
  var MODES = ["overview", "all", "papers", "entities"];

  function decode(s) { try { return decodeURIComponent(s); } catch (err) { return null; } }
  function parseFragment(text, fallbackMode) {
    var s = { mode: fallbackMode || "all", focus: null, expand: [], off: [], topic: null, min: null, from: null, to: null };
    String(text || "").replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("="), key = eq < 0 ? part : part.slice(0, eq), raw = eq < 0 ? "" : part.slice(eq + 1);
      if (key === "mode") { var m = decode(raw); if (MODES.indexOf(m) >= 0) s.mode = m; }
      else if (key === "focus" || key === "topic") { var id = decode(raw); if (id !== null && idx[id] !== undefined) s[key] = idx[id]; }
      else if (key === "expand") raw.split(",").forEach(function (v) { var x = idx[decode(v)]; if (x !== undefined && s.expand.indexOf(x) < 0) s.expand.push(x); });
      else if (key === "off") raw.split(",").forEach(function (v) { var t = decode(v); if (TYPE[t] !== undefined && s.off.indexOf(t) < 0) s.off.push(t); });
      else if (key === "min" || key === "from" || key === "to") { var v = parseInt(decode(raw), 10); if (isFinite(v)) s[key] = v; }
    });
    if (s.topic !== null && data.nodes[s.topic][1] !== TOPIC) s.topic = null;
    return s;
  }
  var START = parseFragment(data.start, N > 150 ? "overview" : "all");
  function fragmentOf(s) {
    var parts = ["mode=" + encodeURIComponent(s.mode)];
    if (s.focus !== null) parts.push("focus=" + encodeURIComponent(ids[s.focus]));
    if (s.expand.length) parts.push("expand=" + s.expand.map(function (i) { return encodeURIComponent(ids[i]); }).join(","));
    if (s.off.length) parts.push("off=" + s.off.map(encodeURIComponent).join(","));
    if (s.topic !== null) parts.push("topic=" + encodeURIComponent(ids[s.topic]));
    if (s.min !== null && s.min > coocLo) parts.push("min=" + s.min);
    if (years && s.from !== null) parts.push("from=" + s.from);
    if (years && s.to !== null) parts.push("to=" + s.to);
    return parts.join("&");
  }
  function copyState(s) {
    return { mode: s.mode, focus: s.focus, expand: s.expand.slice(), off: s.off.slice(), topic: s.topic, min: s.min,
             from: s.from, to: s.to };
  }

  // ---- which nodes a state shows ----
  function inTopic(rel) { return rel === REL.about || rel === REL.addresses; }  // a paper's topics and tasks
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
  var scopeCache = {};
  function scopeOf(t) { return scopeCache[t] || (scopeCache[t] = topicScope(t)); }

  /* The neighbours an expansion of i adds: its papers (most connected first) and its other
     neighbours (found in the most papers first), claims left to the panel. */
  function expansion(i) {
    var papers = [], others = [], seen = {};
    adj[i].forEach(function (k) {
      var j = other(k, i);
      if (seen[j] || j === i) return;
      seen[j] = 1;
      var t = data.nodes[j][1];
      if (t === CLAIM) return;
      (t === PAPER ? papers : others).push(j);
    });
    function byRank(a, b) { return rankOf[a] - rankOf[b]; }
    return papers.sort(byRank).slice(0, EXPAND_PAPERS).concat(others.sort(byRank).slice(0, EXPAND_OTHERS));
  }
  function yearKeep(s) {
    if (!years || (s.from === null && s.to === null)) return null;
    var lo = s.from === null ? -Infinity : s.from, hi = s.to === null ? Infinity : s.to;
    var keep = new Uint8Array(N), i;
    for (i = 0; i < N; i++) if (data.nodes[i][1] === PAPER) keep[i] = years[i] && years[i] >= lo && years[i] <= hi ? 1 : 0;
    for (i = 0; i < N; i++) {
      var t = data.nodes[i][1];
      if (t === PAPER) continue;
      var hasPaper = false, kept = false;
      for (var a = 0; a < adj[i].length && !kept; a++) {
        var j = other(adj[i][a], i);
        if (data.nodes[j][1] === PAPER) { hasPaper = true; if (keep[j]) kept = true; }
      }
      keep[i] = kept || !hasPaper ? 1 : 0;
    }
    return keep;
  }
  function visibleOf(s) {
    var vis = new Uint8Array(N), i, off = {};
    s.off.forEach(function (t) { off[TYPE[t]] = 1; });
    if (s.mode === "overview") data.overview.forEach(function (j) { vis[j] = 1; });
    else for (i = 0; i < N; i++) {
      var t = data.nodes[i][1];
      vis[i] = s.mode === "all" || (s.mode === "papers" ? t === PAPER : t !== PAPER && t !== CLAIM) ? 1 : 0;
    }
    if (s.topic !== null) {
      var scope = scopeOf(s.topic);
      for (i = 0; i < N; i++) if (!scope[i]) vis[i] = 0;
      if (s.mode === "overview") vis[s.topic] = 1;
    }
    s.expand.forEach(function (x) { vis[x] = 1; expansion(x).forEach(function (j) { vis[j] = 1; }); });
    if (s.focus !== null) vis[s.focus] = 1;
    var keep = yearKeep(s);
    for (i = 0; i < N; i++) if (vis[i] && (off[data.nodes[i][1]] || (keep && !keep[i]))) vis[i] = 0;
    return vis;
  }
  function edgeShown(k, vis, s) {
    var e = data.edges[k];
    return vis[e[0]] && vis[e[1]] && !(e[2] === REL.cooccurs && s.min !== null && e[3] < s.min);
  }

  // ---- laying a view out ----
  var layoutCache = new Map();
  function layoutOf(vis, s) {
    var list = [], i;
    for (i = 0; i < N; i++) if (vis[i]) list.push(i);
    var key = list.join(",") + "|" + (s.min || 0);
    if (layoutCache.has(key)) return layoutCache.get(key);
    var pos = new Map(), useEntities = s.mode === "entities" && data.xyEntities;
    if (list.length > data.localLayoutMax) {  // computed ahead, for the whole graph (or all its entities)
      list.forEach(function (j) {
        var t = data.nodes[j][1], ent = useEntities && t !== PAPER && t !== CLAIM;
        var x = ent ? data.xyEntities[2 * j] : data.nodes[j][3], y = ent ? data.xyEntities[2 * j + 1] : data.nodes[j][4];
        pos.set(j, [Math.trunc(x), Math.trunc(y)]);  // as vis-network keeps them (parseInt)
      });
    } else {
      var local = new Map(), start = new Float64Array(2 * list.length), edges = [], biggest = 8;
      list.forEach(function (j, a) {
        local.set(j, a);
        start[2 * a] = data.nodes[j][3]; start[2 * a + 1] = data.nodes[j][4];
        biggest = Math.max(biggest, data.nodes[j][5]);
      });
      var seen = {};
      list.forEach(function (j) {
        adj[j].forEach(function (k) {
          if (!edgeShown(k, vis, s)) return;
          var a = local.get(data.edges[k][0]), b = local.get(data.edges[k][1]);
          if (a === b || seen[k]) return;
          seen[k] = 1;
          edges.push(a, b);
        });
      });
      var xy = kgLayout.forceLayout(list.length, start, edges);
      // a node's share of the area: room for the largest node, and for a label in small views
      var unit = Math.max(3 * biggest, 150), radius = new Float64Array(list.length);
      for (i = 0; i < xy.length; i++) xy[i] *= unit;
      list.forEach(function (j, a) { radius[a] = data.nodes[j][5]; });
      kgLayout.separate(xy, radius, 14, 30);
      list.forEach(function (j, a) { pos.set(j, [Math.round(xy[2 * a]), Math.round(xy[2 * a + 1])]); });  // vis keeps whole units
    }
    var out = { list: list, pos: pos };
    if (layoutCache.size > 40) layoutCache.clear();
    layoutCache.set(key, out);
    return out;
  }

  // ---- vis-network ----
  var state = parseFragment(location.hash || data.start, START.mode);
  var shownNodes = visibleOf(state), laid = layoutOf(shownNodes, state);
  var nodeHidden = new Uint8Array(N), edgeHidden = new Uint8Array(E);
  var SHAPES = { box: "custom" };  // vis-network draws a box around its own label; the page draws labels itself
  function boxRenderer(opts) {
    var ctx = opts.ctx, st = opts.style, w = st.size * 1.5, h = st.size * 0.95;
    return {
      drawNode: function () {
        ctx.beginPath();
        var x = opts.x - w, y = opts.y - h, r = Math.min(6, h / 2);
        ctx.moveTo(x + r, y); ctx.arcTo(x + 2 * w, y, x + 2 * w, y + 2 * h, r); ctx.arcTo(x + 2 * w, y + 2 * h, x, y + 2 * h, r);
        ctx.arcTo(x, y + 2 * h, x, y, r); ctx.arcTo(x, y, x + 2 * w, y, r); ctx.closePath();
        ctx.fillStyle = st.color; ctx.fill();
        ctx.lineWidth = st.borderWidth; ctx.strokeStyle = st.borderColor; ctx.stroke();
      },
      nodeDimensions: { width: 2 * w, height: 2 * h }
    };
  }
  // The data sets hold what is shown, nothing else: a first view of 50 nodes costs 50 nodes, whatever
  // the size of the graph.
  function nodeItem(i, p) {
    var n = data.nodes[i];
    return { id: n[0], title: tooltip(i), x: p[0], y: p[1], size: n[5], group: types[n[1]].key };
  }
  function edgeItem(k) {
    var e = data.edges[k], rel = data.relations[e[2]], c = data.relationColors[e[2]];
    var item = { id: k, from: ids[e[0]], to: ids[e[1]], color: { color: c, highlight: "#333", hover: "#333", inherit: false } };
    if (rel === "cooccurs") item.width = Math.min(6, 0.5 + e[3] / 2);
    else if (!big) item.arrows = "to";
    if (!big) item.title = (RELATION_NAMES[rel] || rel) + (e[3] ? " (" + plural(e[3], "paper") + ")" : "");
    return item;
  }
  var firstNodes = [], firstEdges = [];
  for (var f = 0; f < N; f++) {
    nodeHidden[f] = shownNodes[f] ? 0 : 1;
    if (shownNodes[f]) firstNodes.push(nodeItem(f, laid.pos.get(f)));
  }
  for (var g = 0; g < E; g++) {
    edgeHidden[g] = edgeShown(g, shownNodes, state) ? 0 : 1;
    if (!edgeHidden[g]) firstEdges.push(edgeItem(g));
  }
  var nodes = new vis.DataSet(firstNodes), edges = new vis.DataSet(firstEdges);
  timings.datasets = performance.now();
  var groups = {};
  types.forEach(function (t, ti) {
    groups[t.key] = { shape: SHAPES[t.shape] || t.shape, color: colorOf(ti) };
    if (SHAPES[t.shape] === "custom") groups[t.key].ctxRenderer = boxRenderer;
  });
  var options = {
    autoResize: true,
    groups: groups,
    physics: false,
    layout: { improvedLayout: false },
    nodes: { borderWidth: 1 },
    edges: { smooth: false, width: 1, selectionWidth: 1.5, arrows: { to: { scaleFactor: 0.4 } } },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false }
  };
  var container = document.getElementById("kg-network"), toolsBox = document.getElementById("kg-tools");
  var caption = document.getElementById("kg-caption");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  timings.network = performance.now();
  network.once("afterDrawing", function () { window.kgReady = performance.now(); });

  // ---- selection: neighbours highlighted, the rest veiled ----
  // Restyling every other node would cost a DataSet update of all N nodes per click (about a
  // second at 10,000): instead each frame is veiled and the neighbourhood drawn again on top.
  var focusNode = null, focusSet = [], inFocus = new Uint8Array(N);
  function highlight(i) {
    focusNode = i;
    focusSet = [];
    inFocus = new Uint8Array(N);
    if (i !== null) {
      inFocus[i] = 1;
      adj[i].forEach(function (k) { if (!edgeHidden[k]) { inFocus[data.edges[k][0]] = 1; inFocus[data.edges[k][1]] = 1; } });
      for (var j = 0; j < N; j++) if (inFocus[j]) focusSet.push(j);
      focusSet.sort(function (a, b) { return a === i ? -1 : b === i ? 1 : rankOf[a] - rankOf[b]; });
    }
  }
  function shown(k) { return !edgeHidden[k]; }

  // ---- labels: drawn by the page, never overlapping ----
  var widthCache = [new Float64Array(N), new Float64Array(N)], drawnLabels = [];
  var LABEL_FONTS = ["12px system-ui, -apple-system, 'Segoe UI', sans-serif", "bold 13px system-ui, -apple-system, 'Segoe UI', sans-serif"];
  function labelText(i) { return truncate(data.nodes[i][2], data.labelChars); }
  function drawLabels(ctx) {
    var W = container.clientWidth, H = container.clientHeight, scale = network.getScale();
    var tr = network.body.view.translation, ratio = network.canvas.pixelRatio || 1;
    var placer = new kgLabels.Placer(W, H), count = 0, visibleCount = 0, i;
    for (i = 0; i < N; i++) if (!nodeHidden[i]) visibleCount++;
    // a node being added or removed may have no body yet: a frame drawn meanwhile skips it
    function dom(j) { var nd = network.body.nodes[ids[j]]; return nd ? [nd.x * scale + tr.x, nd.y * scale + tr.y] : null; }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (visibleCount <= 800) {  // node discs are obstacles too: a label never hides a node
      for (i = 0; i < N; i++) {
        var p = nodeHidden[i] ? null : dom(i), r = data.nodes[i][5] * scale;
        if (!p || p[0] + r < 0 || p[1] + r < 0 || p[0] - r > W || p[1] - r > H) continue;
        placer.add({ x: p[0] - r, y: p[1] - r, w: 2 * r, h: 2 * r }, false);
      }
    }
    // the toolbar and the caption are obstacles; a view of many nodes gets one label per ~100 x 100 px
    placer.add({ x: 0, y: 0, w: toolsBox.offsetWidth + 12, h: toolsBox.offsetHeight + 12 }, false);
    placer.add({ x: 0, y: H - 22, w: Math.min(W, caption.offsetWidth + 12), h: 22 }, false);
    var most = Math.max(40, Math.floor(W * H / 10000));
    var order = focusSet.concat(rankOrder), tried = 0, done = new Uint8Array(N);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    drawnLabels = [];
    for (var o = 0; o < order.length && count < most && tried < 6000; o++) {
      i = order[o];
      if (done[i] || nodeHidden[i]) continue;
      done[i] = 1;
      var q = dom(i);
      if (!q || q[0] < -50 || q[1] < -50 || q[0] > W + 50 || q[1] > H + 50) continue;
      tried++;
      var bold = i === focusNode ? 1 : 0, text = labelText(i);
      ctx.font = LABEL_FONTS[bold];
      if (!widthCache[bold][i]) widthCache[bold][i] = ctx.measureText(text).width + 4;
      var b = placer.place(q[0], q[1], data.nodes[i][5] * scale, widthCache[bold][i], bold ? 17 : 16, tried <= 12);
      if (!b) continue;
      count++;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.fillStyle = focusNode !== null && !inFocus[i] ? "#9a9a9a" : "#1f1f1f";
      ctx.strokeText(text, b.x + 2, b.y + 2);
      ctx.fillText(text, b.x + 2, b.y + 2);
      drawnLabels.push({ id: ids[i], text: text, x: b.x, y: b.y, w: b.w, h: b.h });
    }
    ctx.restore();
  }
  network.on("afterDrawing", function (ctx) {
    if (focusNode !== null) {
      var body = network.body;
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
        if (nd && !nodeHidden[j]) nd.draw(ctx);
      });
    }
    drawLabels(ctx);
  });

  // ---- fitting the view to the canvas ----
  var fitted = false;  // the view is as fitView left it: a resized canvas is fitted again
  network.on("zoom", function () { fitted = false; });
  network.on("dragEnd", function (p) { if (!p.nodes.length) fitted = false; });
  var fitting = false;
  network.on("resize", function () { if (fitted && !fitting) fitView(); });
  function fitView() {
    fitting = true;
    network.setSize("100%", "100%");  // the canvas takes its container's size now, not at its next check
    fitting = false;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, any = false;
    for (var i = 0; i < N; i++) {
      var nd = nodeHidden[i] ? null : network.body.nodes[ids[i]], r = data.nodes[i][5] * 1.5;
      if (!nd) continue;
      x0 = Math.min(x0, nd.x - r); x1 = Math.max(x1, nd.x + r); y0 = Math.min(y0, nd.y - r); y1 = Math.max(y1, nd.y + r);
      any = true;
    }
    if (!any) return;
    var W = container.clientWidth, H = container.clientHeight;
    // room around the drawing for the labels of the outermost nodes
    var scale = Math.min((W - 120) / Math.max(x1 - x0, 1), (H - 70) / Math.max(y1 - y0, 1));
    scale = Math.max(0.005, Math.min(scale, 1.6));
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 + 8 / scale }, scale: scale, animation: false });
    fitted = true;
  }

  // ---- applying a state ----
  function apply(s, how) {
    var t0 = performance.now(), spent = timings.apply = {};  // where the last change spent its time
    var vis = visibleOf(s);
    if (s.focus !== null && !vis[s.focus]) s.focus = null;
    var same = true, i;
    for (i = 0; i < N && same; i++) if (vis[i] !== shownNodes[i]) same = false;
    var relaid = !same || s.min !== state.min || how === "first";
    state = s;
    shownNodes = vis;
    if (relaid) {
      spent.visible = performance.now() - t0;
      laid = layoutOf(vis, s);
      spent.layout = performance.now() - t0;
      var added = [], removed = [], moved = [], k;
      for (k = 0; k < E; k++) if (!edgeHidden[k] && !edgeShown(k, vis, s)) { edgeHidden[k] = 1; removed.push(k); }
      if (removed.length) edges.remove(removed);
      removed = [];
      for (i = 0; i < N; i++) {
        var p = laid.pos.get(i);
        if (!vis[i]) { if (!nodeHidden[i]) { nodeHidden[i] = 1; removed.push(ids[i]); } continue; }
        if (nodeHidden[i]) { nodeHidden[i] = 0; added.push(nodeItem(i, p)); continue; }
        var nd = network.body.nodes[ids[i]];
        if (nd.x !== p[0] || nd.y !== p[1]) moved.push({ id: ids[i], x: p[0], y: p[1] });
      }
      if (removed.length) nodes.remove(removed);
      if (moved.length) nodes.update(moved);
      if (added.length) nodes.add(added);
      added = [];
      for (k = 0; k < E; k++) if (edgeHidden[k] && edgeShown(k, vis, s)) { edgeHidden[k] = 0; added.push(edgeItem(k)); }
      if (added.length) edges.add(added);
      spent.dataSets = performance.now() - t0;
    }
    highlight(s.focus);
    if (s.focus !== null) {
      network.selectNodes([ids[s.focus]]);
      showPanel(s.focus);
    } else {
      network.unselectAll();
      if (panelWanted) showSummary(); else panel.hidden = true;
    }
    if (relaid) fitView();  // after the panel opened or closed: the canvas has its width
    else if (s.focus !== null) revealNode(s.focus);
    syncControls();
    spent.total = performance.now() - t0;
    network.body.emitter.emit("_requestRedraw");  // one frame for all of a change
  }
  function revealNode(i) {  // pan to a node the canvas does not show
    var p = network.canvasToDOM(network.getPositions([ids[i]])[ids[i]]);
    if (p.x < 40 || p.y < 30 || p.x > container.clientWidth - 40 || p.y > container.clientHeight - 30)
      network.moveTo({ position: network.getPositions([ids[i]])[ids[i]], animation: false });
  }

  // ---- history: every change is an entry; the fragment mirrors it when the page's URL allows ----
  var nav = { entries: [fragmentOf(state)], at: 0, url: true, pending: [] };
  function normal(h) { return fragmentOf(parseFragment(h || data.start, START.mode)); }
  function commit(s, how) {
    apply(s, how);
    var frag = fragmentOf(state);
    if (frag === nav.entries[nav.at]) return;
    if (how === "replace") nav.entries[nav.at] = frag;
    else { nav.entries = nav.entries.slice(0, nav.at + 1); nav.entries.push(frag); nav.at++; }
    if (nav.url) {
      try {
        if (how === "replace") location.replace("#" + frag);
        else { nav.pending.push(frag); location.hash = frag; }
      } catch (err) { nav.url = false; nav.pending = []; }
    }
    syncNav();
  }
  window.addEventListener("hashchange", function () {
    var h = normal(location.hash.slice(1));
    if (nav.pending.length && nav.pending[0] === h) { nav.pending.shift(); return; }
    if (h === nav.entries[nav.at]) return;
    if (nav.at > 0 && h === nav.entries[nav.at - 1]) nav.at--;
    else if (h === nav.entries[nav.at + 1]) nav.at++;
    else { nav.entries = nav.entries.slice(0, nav.at + 1); nav.entries.push(h); nav.at++; }
    apply(parseFragment(h, START.mode));
    syncNav();
  });
  function back() {
    if (nav.at === 0) return false;
    if (nav.url) history.back();
    else { nav.at--; apply(parseFragment(nav.entries[nav.at], START.mode)); syncNav(); }
    return true;
  }
  function forward() {
    if (nav.at >= nav.entries.length - 1) return false;
    if (nav.url) history.forward();
    else { nav.at++; apply(parseFragment(nav.entries[nav.at], START.mode)); syncNav(); }
    return true;
  }

  // ---- going to a node: select it, expanding the view when it is not shown ----
  function goTo(i) {
    if (typeof i === "string") i = idx[i];
    if (i === undefined) return false;
    var s = copyState(state);
    if (!shownNodes[i] || (s.mode === "overview" && s.expand.indexOf(i) < 0)) {
      var key = typeOf(i).key;
      s.off = s.off.filter(function (t) { return t !== key; });
      if (!visibleOf(s)[i]) { s.from = null; s.to = null; }
      if (!visibleOf(s)[i] || s.mode === "overview") if (s.expand.indexOf(i) < 0) s.expand.push(i);
    }
    s.focus = i;
    panelWanted = true;
    commit(s);
    return true;
  }
  network.on("click", function (params) {
    if (params.nodes.length) goTo(idx[params.nodes[0]]);
    else if (!params.edges.length && state.focus !== null) { var s = copyState(state); s.focus = null; commit(s); }
  });

  // ---- side panel (kgPanel) ----
  var panel = document.getElementById("kg-panel");
  var panelWanted = true;
  var sidePanel = kgPanel.create({ data: data, ids: ids, adj: adj, goTo: goTo });
  function showPanel(i) { sidePanel.show(i); }
  function showSummary() { sidePanel.summary(); }
  function closePanel() {
    panelWanted = false;
    panel.hidden = true;
    if (state.focus !== null) { var s = copyState(state); s.focus = null; commit(s); }
  }
  document.getElementById("kg-panel-close").addEventListener("click", closePanel);

  // ---- search: words of names, aliases, titles and abstracts ----
  var index = new kgSearch.Index(data.search, N);
  var names = new Map();  // a whole name or title, as words: the nodes it names
  data.nodes.forEach(function (n, i) {
    if (n[1] === CLAIM) return;
    var info = data.info[i] || {};
    [n[2]].concat(info.aliases || []).forEach(function (a) {
      var key = kgSearch.words(a).join(" ");
      if (!key) return;
      var list = names.get(key);
      if (!list) names.set(key, [i]); else if (list.indexOf(i) < 0) list.push(i);
    });
  });
  function search(q, limit) {
    var hits = index.match(q), key = kgSearch.words(q).join(" "), exact = names.get(key) || [];
    var want = kgSearch.words(q).filter(function (w, k, a) { return a.indexOf(w) === k; }).length;
    if (!hits.length && String(q).trim()) {  // no searchable word (stop words, symbols): names containing it
      var needle = String(q).trim().toLowerCase();
      for (var i = 0; i < N; i++) if (data.nodes[i][1] !== CLAIM && data.nodes[i][2].toLowerCase().indexOf(needle) >= 0) hits.push([i, 1, 1]);
      want = 1;
    }
    hits.forEach(function (h) { if (exact.indexOf(h[0]) >= 0) h[1] += 1e6; });
    hits.sort(function (a, b) {
      return (Math.min(b[2], want) - Math.min(a[2], want)) || (b[1] - a[1]) || (data.nodes[b[0]][6] - data.nodes[a[0]][6]) || (a[0] - b[0]);
    });
    return hits.slice(0, limit || 10);
  }
  function find(q, limit) { return search(q, limit).map(function (h) { return ids[h[0]]; }); }
  function snippet(i, q) {
    var info = data.info[i] || {}, text = info.abstract;
    if (!text) return null;
    var folded = kgSearch.fold(text), at = -1;
    kgSearch.words(q).forEach(function (w) {
      var re = new RegExp("\\b" + w.replace(/[^0-9a-z]/g, ""), "g"), m = re.exec(folded);
      if (m && (at < 0 || m.index < at)) at = m.index;
    });
    if (at < 0) return null;
    var from = Math.max(0, at - 40), to = Math.min(text.length, at + 80);
    return (from > 0 ? "\u2026" : "") + text.slice(from, to).replace(/\s+/g, " ") + (to < text.length ? "\u2026" : "");
  }
  var searchBox = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  var found = [], active = -1;
  function setActive(a) {
    active = a;
    Array.prototype.forEach.call(results.querySelectorAll("li[role=option]"), function (li, k) {
      li.setAttribute("aria-selected", k === a ? "true" : "false");
      li.classList.toggle("kg-active", k === a);
      if (k === a) { searchBox.setAttribute("aria-activedescendant", li.id); li.scrollIntoView({ block: "nearest" }); }
    });
    if (a < 0) searchBox.removeAttribute("aria-activedescendant");
  }
  function closeResults() { results.hidden = true; searchBox.setAttribute("aria-expanded", "false"); setActive(-1); }
  function choose(k) {
    if (k < 0 || k >= found.length) return;
    closeResults();
    goTo(found[k]);
  }
  function showResults(q) {
    while (results.firstChild) results.removeChild(results.firstChild);
    found = search(q, 10).map(function (h) { return h[0]; });
    found.forEach(function (i, k) {
      var li = el("li"), t = typeOf(i);
      li.id = "kg-result-" + k;
      li.setAttribute("role", "option");
      var name = el("span", truncate(data.nodes[i][2], 90), "kg-result-name"), badge = el("span", t.name, "kg-result-type");
      badge.style.borderColor = t.color;
      li.appendChild(name);
      li.appendChild(badge);
      var snip = data.nodes[i][1] === PAPER ? snippet(i, q) : null;
      if (snip) li.appendChild(el("span", snip, "kg-result-snippet"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });  // keep the focus in the box
      li.addEventListener("click", function () { choose(k); });
      results.appendChild(li);
    });
    if (!found.length && searchBox.value.trim()) results.appendChild(el("li", "no match", "kg-no-match"));
    results.hidden = !results.firstChild;
    searchBox.setAttribute("aria-expanded", results.hidden ? "false" : "true");
    setActive(found.length ? 0 : -1);
  }
  searchBox.addEventListener("input", function () { showResults(searchBox.value); });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (results.hidden) showResults(searchBox.value);
      if (found.length) setActive((active + (ev.key === "ArrowDown" ? 1 : found.length - 1)) % found.length);
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (results.hidden || !found.length) showResults(searchBox.value);
      choose(active >= 0 ? active : 0);
      ev.preventDefault();
    } else if (ev.key === "Escape") { closeResults(); }
  });
  document.addEventListener("click", function (ev) { if (!document.getElementById("kg-search-box").contains(ev.target)) closeResults(); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== searchBox && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      searchBox.focus(); ev.preventDefault();
    }
  });

  // ---- controls ----
  var counts = types.map(function () { return 0; });
  data.nodes.forEach(function (n) { counts[n[1]]++; });
  var legend = document.getElementById("kg-legend");
  legend.appendChild(el("strong", "Types"));
  types.forEach(function (t, ti) {
    if (!counts[ti]) return;
    var label = el("label"), box = el("input"), swatch = el("span", null, "kg-swatch " + t.shape);
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-type", t.key);
    box.addEventListener("change", function () { setType(t.key, box.checked); });
    swatch.style.background = t.color;
    label.appendChild(box); label.appendChild(swatch); label.appendChild(el("span", t.name + " (" + counts[ti].toLocaleString("en") + ")"));
    legend.appendChild(label);
  });
  function setType(key, on) {
    var s = copyState(state);
    s.off = s.off.filter(function (t) { return t !== key; });
    if (!on) s.off.push(key);
    s.off.sort(function (a, b) { return TYPE[a] - TYPE[b]; });
    commit(s);
  }
  var modeBox = document.getElementById("kg-mode");
  modeBox.addEventListener("change", function () { setMode(modeBox.value); });
  function setMode(m) { var s = copyState(state); s.mode = m; commit(s); }
  var topicBox = document.getElementById("kg-topic");
  var topicNodes = [], topicPapers = topicPaperCounts();
  for (var ti = 0; ti < N; ti++) if (data.nodes[ti][1] === TOPIC) topicNodes.push(ti);
  topicNodes.sort(function (a, b) {
    return ((topicPapers[b] || 0) - (topicPapers[a] || 0)) || (data.nodes[a][2] < data.nodes[b][2] ? -1 : 1);
  });
  topicNodes.forEach(function (i) {
    var o = el("option", data.nodes[i][2] + " (" + plural(topicPapers[i] || 0, "paper") + ")");
    o.value = ids[i];
    topicBox.appendChild(o);
  });
  topicBox.disabled = !topicNodes.length;
  topicBox.addEventListener("change", function () { setTopic(topicBox.value); });
  function setTopic(id) { var s = copyState(state); s.topic = id && idx[id] !== undefined ? idx[id] : null; commit(s); }
  function topicPaperCounts() {
    // papers about each topic or a topic or task below it: what choosing it in the topic filter keeps
    var ancestors = {}, papers = {}, out = {};
    function up(t) {
      if (ancestors[t]) return ancestors[t];
      var list = ancestors[t] = [t];
      adj[t].forEach(function (k) {
        var e = data.edges[k];
        if (e[2] === REL.broader && e[0] === t) up(e[1]).forEach(function (a) { if (list.indexOf(a) < 0) list.push(a); });
      });
      return list;
    }
    data.edges.forEach(function (e) {
      if (!inTopic(e[2]) || data.nodes[e[0]][1] !== PAPER) return;
      up(e[1]).forEach(function (a) { (papers[a] = papers[a] || {})[e[0]] = 1; });
    });
    Object.keys(papers).forEach(function (t) { out[t] = Object.keys(papers[t]).length; });
    return out;
  }
  var slider = document.getElementById("kg-threshold");
  if (coocHi > 0) {
    slider.min = String(coocLo); slider.max = String(coocHi); slider.value = String(coocLo);
    slider.addEventListener("input", function () { setThreshold(parseInt(slider.value, 10), "replace"); });
    slider.addEventListener("change", function () { setThreshold(parseInt(slider.value, 10)); });
  } else {
    document.getElementById("kg-threshold-box").hidden = true;
  }
  function setThreshold(v, how) { var s = copyState(state); s.min = v > coocLo ? v : null; commit(s, how); }
  var fromBox = document.getElementById("kg-from"), toBox = document.getElementById("kg-to");
  if (years) {
    for (var y = yearLo; y <= yearHi; y++) {
      var o1 = el("option", String(y)), o2 = el("option", String(y));
      o1.value = o2.value = String(y);
      fromBox.appendChild(o1); toBox.appendChild(o2);
    }
    document.getElementById("kg-years-box").hidden = false;
    fromBox.addEventListener("change", function () { setYears(parseInt(fromBox.value, 10), parseInt(toBox.value, 10)); });
    toBox.addEventListener("change", function () { setYears(parseInt(fromBox.value, 10), parseInt(toBox.value, 10)); });
  }
  function setYears(a, b) {
    var s = copyState(state);
    if (a > b) { var c = a; a = b; b = c; }
    s.from = a > yearLo ? a : null; s.to = b < yearHi ? b : null;
    commit(s);
  }
  var backButton = document.getElementById("kg-back"), forwardButton = document.getElementById("kg-forward");
  backButton.addEventListener("click", back);
  forwardButton.addEventListener("click", forward);
  document.getElementById("kg-fit").addEventListener("click", function () { fitView(); });
  document.getElementById("kg-zoom-in").addEventListener("click", function () { zoom(1.4); });
  document.getElementById("kg-zoom-out").addEventListener("click", function () { zoom(1 / 1.4); });
  document.getElementById("kg-reset").addEventListener("click", reset);
  function zoom(f) { network.moveTo({ scale: network.getScale() * f, animation: false }); fitted = false; }
  function reset() { panelWanted = true; commit(copyState(START)); }
  function syncNav() {
    backButton.disabled = nav.at === 0;
    forwardButton.disabled = nav.at >= nav.entries.length - 1;
  }
  function describe() {
    var n = 0, m = 0, i;
    for (i = 0; i < N; i++) if (!nodeHidden[i]) n++;
    for (var k = 0; k < E; k++) if (shown(k)) m++;
    document.getElementById("kg-count").textContent = n.toLocaleString("en") + " of " + N.toLocaleString("en") +
      " nodes, " + m.toLocaleString("en") + " edges shown";
    var text;
    if (state.mode === "overview") {
      text = state.expand.length
        ? "Overview with " + state.expand.map(function (x) { return truncate(data.nodes[x][2], 40); }).join(", ") + " expanded."
        : "Overview: " + n.toLocaleString("en") + " of the entities found in the most papers, across the graph\u2019s " +
          "communities. Click one to expand it.";
    } else {
      text = { all: "Everything", papers: "Papers", entities: "Entities" }[state.mode] + ": " + plural(n, "node") + ".";
    }
    if (state.topic !== null) text += " Topic: " + data.nodes[state.topic][2] + ".";
    if (state.from !== null || state.to !== null) text += " Years " + (state.from || yearLo) + "\u2013" + (state.to || yearHi) + ".";
    caption.textContent = text;
  }
  function syncControls() {
    modeBox.value = state.mode;
    Array.prototype.forEach.call(legend.querySelectorAll("input[data-type]"), function (box) {
      box.checked = state.off.indexOf(box.getAttribute("data-type")) < 0;
    });
    topicBox.value = state.topic === null ? "" : ids[state.topic];
    if (coocHi > 0) { slider.value = String(state.min || coocLo); document.getElementById("kg-threshold-value").textContent = slider.value; }
    if (years) { fromBox.value = String(state.from || yearLo); toBox.value = String(state.to || yearHi); }
    describe();
  }

  window.kg = {
    data: data, nodes: nodes, edges: edges, find: find, search: search, words: kgSearch.words,
    jump: goTo, select: goTo, goTo: goTo, showPanel: showPanel, closePanel: closePanel,
    visibleNodeIds: function () { var out = []; for (var i = 0; i < N; i++) if (!nodeHidden[i]) out.push(ids[i]); return out; },
    highlighted: function () { return focusSet.filter(function (j) { return !nodeHidden[j]; }).map(function (j) { return ids[j]; }); },
    labels: function () { return drawnLabels.slice(); },
    state: function () { return fragmentOf(state); },
    setView: function (fragment) { commit(parseFragment(fragment, START.mode)); },
    setType: setType, setMode: setMode, setTopic: setTopic, setThreshold: setThreshold, setYears: setYears,
    back: back, forward: forward, fit: fitView, reset: reset
  };
  apply(state, "first");
  syncNav();
  timings.controls = performance.now();
})();
