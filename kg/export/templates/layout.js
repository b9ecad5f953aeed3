/* kg graph page: the layout of the views the page draws itself (up to data.localLayoutMax nodes).
   A force layout after ForceAtlas2 (repulsion m_i m_j / d by Barnes-Hut with m the degree plus
   one, attraction linear in distance along edges, gravity towards the centre), then overlapping discs pushed apart. Deterministic: it
   starts from the positions computed ahead for the whole graph and uses no random numbers, so a
   view always gets the same positions (and a bookmarked view opens as it was). */
var kgLayout = (function () {
  "use strict";

  // ---- Barnes-Hut quadtree over the current positions ----
  // point[t]: -1 an empty cell, >= 0 the one point of a leaf, -2 a branch, -3 a leaf of
  // several points at (nearly) the same place
  function Tree(n) {
    var cap = 8 * n + 64;
    this.cx = new Float64Array(cap); this.cy = new Float64Array(cap); this.mass = new Float64Array(cap);
    this.x0 = new Float64Array(cap); this.y0 = new Float64Array(cap); this.size = new Float64Array(cap);
    this.child = new Int32Array(4 * cap); this.point = new Int32Array(cap); this.count = 0; this.cap = cap;
    this.stack = new Int32Array(4 * cap);
  }
  Tree.prototype.cell = function (x0, y0, size) {
    if (this.count >= this.cap) return -1;
    var t = this.count++;
    this.x0[t] = x0; this.y0[t] = y0; this.size[t] = size;
    this.mass[t] = 0; this.cx[t] = 0; this.cy[t] = 0; this.point[t] = -1;
    this.child[4 * t] = this.child[4 * t + 1] = this.child[4 * t + 2] = this.child[4 * t + 3] = -1;
    return t;
  };
  Tree.prototype.childAt = function (t, x, y) {
    var h = this.size[t] / 2, q = (x >= this.x0[t] + h ? 1 : 0) + (y >= this.y0[t] + h ? 2 : 0);
    var c = this.child[4 * t + q];
    if (c < 0) {
      c = this.cell(this.x0[t] + (q & 1 ? h : 0), this.y0[t] + (q & 2 ? h : 0), h);
      this.child[4 * t + q] = c;
    }
    return c;
  };
  Tree.prototype.add = function (t, i, px, py) {
    var m = this.weight[i];
    this.mass[t] += m; this.cx[t] += px[i] * m; this.cy[t] += py[i] * m;
  };
  Tree.prototype.insert = function (t, i, px, py) {
    for (var depth = 0; ; depth++) {
      var p = this.point[t];
      if (p === -1) { this.point[t] = i; this.add(t, i, px, py); return; }
      if (p >= 0 || p === -3) {
        var c0 = p >= 0 && depth < 40 ? this.childAt(t, px[p], py[p]) : -1;
        if (c0 < 0) { this.point[t] = -3; this.add(t, i, px, py); return; }
        this.point[c0] = p; this.add(c0, p, px, py);
        this.point[t] = -2;
      }
      this.add(t, i, px, py);
      var c = this.childAt(t, px[i], py[i]);
      if (c < 0) return;
      t = c;
    }
  };
  Tree.prototype.build = function (px, py, n, weight) {
    this.weight = weight;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, i;
    for (i = 0; i < n; i++) {
      if (px[i] < minX) minX = px[i];
      if (px[i] > maxX) maxX = px[i];
      if (py[i] < minY) minY = py[i];
      if (py[i] > maxY) maxY = py[i];
    }
    this.count = 0;
    var root = this.cell(minX, minY, Math.max(maxX - minX, maxY - minY, 1e-6) * 1.0001);
    for (i = 0; i < n; i++) this.insert(root, i, px, py);
    for (var t = 0; t < this.count; t++) if (this.mass[t] > 0) { this.cx[t] /= this.mass[t]; this.cy[t] /= this.mass[t]; }
    return root;
  };
  // repulsion m_i m_j / d on point i from every other point; a cell far enough away counts as one
  Tree.prototype.push = function (root, i, px, py, out, theta2) {
    var stack = this.stack, top = 0, fx = 0, fy = 0;
    stack[top++] = root;
    while (top > 0) {
      var t = stack[--top], p = this.point[t];
      if (this.mass[t] === 0 || p === i) continue;
      var dx = px[i] - this.cx[t], dy = py[i] - this.cy[t], d2 = dx * dx + dy * dy;
      if (p !== -2 || this.size[t] * this.size[t] < theta2 * d2) {
        if (d2 < 1e-12) { dx = Math.cos(i); dy = Math.sin(i); d2 = 1e-6; }
        var f = this.weight[i] * this.mass[t] / d2;
        fx += dx * f; fy += dy * f;
      } else {
        for (var q = 0; q < 4; q++) if (this.child[4 * t + q] >= 0) stack[top++] = this.child[4 * t + q];
      }
    }
    out[0] = fx; out[1] = fy;
  };

  /* Positions of n nodes (Float64Array of x, y pairs) from starting positions `start` (same form)
     and undirected `edges` (pairs of local indices), centred on 0, 0, with one unit of area per node. As in ForceAtlas2, a node's mass is its degree
     plus one: hubs push harder and are pulled less, so a hub's neighbours get room around it. */
  function forceLayout(n, start, edges) {
    var px = new Float64Array(n), py = new Float64Array(n), mass = new Float64Array(n), i, k;
    if (n === 0) return new Float64Array(0);
    for (i = 0; i < n; i++) mass[i] = 1;
    for (k = 0; k < edges.length; k++) mass[edges[k]] += 1;
    var mx = 0, my = 0;
    for (i = 0; i < n; i++) { mx += start[2 * i]; my += start[2 * i + 1]; }
    mx /= n; my /= n;
    var spread = 0;
    for (i = 0; i < n; i++) spread = Math.max(spread, Math.abs(start[2 * i] - mx), Math.abs(start[2 * i + 1] - my));
    var side = Math.sqrt(n), scale = spread > 0 ? side / (2 * spread) : 1;
    for (i = 0; i < n; i++) {  // a fixed nudge parts nodes that start at the same place
      px[i] = (start[2 * i] - mx) * scale + 0.01 * Math.cos(2.399963 * i) * Math.sqrt(i + 1);
      py[i] = (start[2 * i + 1] - my) * scale + 0.01 * Math.sin(2.399963 * i) * Math.sqrt(i + 1);
    }
    if (n === 1) { px[0] = 0; py[0] = 0; }
    var iterations = n <= 200 ? 200 : n <= 1000 ? 120 : 80;
    var fx = new Float64Array(n), fy = new Float64Array(n), out = [0, 0], tree = new Tree(n);
    var gravity = 0.6, t0 = side / 4;
    for (var it = 0; it < iterations; it++) {
      var root = tree.build(px, py, n, mass);
      for (i = 0; i < n; i++) {
        tree.push(root, i, px, py, out, 1.0);
        fx[i] = out[0] - gravity * mass[i] * px[i];
        fy[i] = out[1] - gravity * mass[i] * py[i];
      }
      for (k = 0; k < edges.length; k += 2) {
        var a = edges[k], b = edges[k + 1], dx = px[a] - px[b], dy = py[a] - py[b];
        fx[a] -= dx; fy[a] -= dy; fx[b] += dx; fy[b] += dy;  // linear in distance
      }
      var temp = t0 * (1 - it / iterations) + 0.002;
      for (i = 0; i < n; i++) {
        var sx = fx[i] / mass[i], sy = fy[i] / mass[i], len = Math.sqrt(sx * sx + sy * sy);
        if (len > 0) { var step = Math.min(len, temp) / len; px[i] += sx * step; py[i] += sy * step; }
      }
    }
    mx = 0; my = 0;
    for (i = 0; i < n; i++) { mx += px[i]; my += py[i]; }
    mx /= n; my /= n;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (i = 0; i < n; i++) { x0 = Math.min(x0, px[i]); x1 = Math.max(x1, px[i]); y0 = Math.min(y0, py[i]); y1 = Math.max(y1, py[i]); }
    var unit = Math.sqrt(Math.max(x1 - x0, 1e-9) * Math.max(y1 - y0, 1e-9) / n);
    unit = unit > 1e-9 ? unit : 1;
    var res = new Float64Array(2 * n);
    for (i = 0; i < n; i++) { res[2 * i] = (px[i] - mx) / unit; res[2 * i + 1] = (py[i] - my) / unit; }
    return res;
  }

  /* Moves discs (radius[i] around pos[2i], pos[2i+1]) apart until none overlap, or after
     `passes` passes; pairs come from a grid of cells as wide as the largest disc. */
  function separate(pos, radius, gap, passes) {
    var n = radius.length, i, big = 0;
    for (i = 0; i < n; i++) big = Math.max(big, radius[i]);
    var cell = 2 * big + gap;
    for (var pass = 0; pass < passes; pass++) {
      var grid = new Map(), moved = false;
      for (i = 0; i < n; i++) {
        var key = Math.floor(pos[2 * i] / cell) + "," + Math.floor(pos[2 * i + 1] / cell);
        var list = grid.get(key);
        if (list) list.push(i); else grid.set(key, [i]);
      }
      for (i = 0; i < n; i++) {
        var gx = Math.floor(pos[2 * i] / cell), gy = Math.floor(pos[2 * i + 1] / cell);
        for (var ox = -1; ox <= 1; ox++) for (var oy = -1; oy <= 1; oy++) {
          var cellList = grid.get((gx + ox) + "," + (gy + oy));
          if (!cellList) continue;
          for (var c = 0; c < cellList.length; c++) {
            var j = cellList[c];
            if (j <= i) continue;
            var dx = pos[2 * j] - pos[2 * i], dy = pos[2 * j + 1] - pos[2 * i + 1];
            var d = Math.sqrt(dx * dx + dy * dy), need = radius[i] + radius[j] + gap;
            if (d >= need) continue;
            if (d < 1e-9) { dx = Math.cos(i + j); dy = Math.sin(i + j); d = 1; }
            var push = (need - d) / (2 * d);
            pos[2 * i] -= dx * push; pos[2 * i + 1] -= dy * push;
            pos[2 * j] += dx * push; pos[2 * j + 1] += dy * push;
            moved = true;
          }
        }
      }
      if (!moved) break;
    }
    return pos;
  }

  return { forceLayout: forceLayout, separate: separate };
})();
