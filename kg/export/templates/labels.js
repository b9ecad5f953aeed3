/* kg graph page: which labels to draw, and where, so that no two overlap.
   Labels are placed greedily in order of importance (the selected node, its neighbours, then the
   nodes found in the most papers): each takes the first of eight places around its node (below,
   above, right, left, then the corners) whose box lies inside the canvas and overlaps no label
   placed before it nor any node disc given as an obstacle (the most important labels may cover
   a node when nothing else is free). A label that fits nowhere is not drawn; zooming in
   makes room for it. Boxes are in CSS pixels of the canvas. */
var kgLabels = (function () {
  "use strict";

  function Placer(width, height) {
    this.width = width; this.height = height; this.cell = 64;
    this.grid = new Map(); this.boxes = [];
  }
  Placer.prototype.cells = function (b, visit) {
    var c = this.cell;
    for (var gx = Math.floor(b.x / c); gx <= Math.floor((b.x + b.w) / c); gx++)
      for (var gy = Math.floor(b.y / c); gy <= Math.floor((b.y + b.h) / c); gy++)
        if (visit(gx + "," + gy) === false) return false;
    return true;
  };
  Placer.prototype.free = function (b, labelsOnly) {
    if (b.x < 0 || b.y < 0 || b.x + b.w > this.width || b.y + b.h > this.height) return false;
    var grid = this.grid;
    return this.cells(b, function (key) {
      var list = grid.get(key);
      if (!list) return true;
      for (var k = 0; k < list.length; k++) {
        var o = list[k];
        if (labelsOnly && !o.label) continue;
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
      }
      return true;
    });
  };
  Placer.prototype.add = function (b, isLabel) {
    var grid = this.grid;
    b.label = !!isLabel;
    this.cells(b, function (key) {
      var list = grid.get(key);
      if (list) list.push(b); else grid.set(key, [b]);
    });
    if (isLabel) this.boxes.push(b);
  };
  /* The box for a label w x h around a node at (x, y) of radius r, or null if none is free.
     With `overNodes`, the label may cover other nodes' discs (never another label). */
  Placer.prototype.place = function (x, y, r, w, h, overNodes) {
    var d = r * 0.7;
    var spots = [[x - w / 2, y + r + 2], [x - w / 2, y - r - 2 - h], [x + r + 4, y - h / 2], [x - r - 4 - w, y - h / 2],
                 [x + d + 2, y + d], [x - d - 2 - w, y + d], [x + d + 2, y - d - h], [x - d - 2 - w, y - d - h]];
    for (var pass = 0; pass < (overNodes ? 2 : 1); pass++) {
      for (var s = 0; s < spots.length; s++) {
        var b = { x: spots[s][0], y: spots[s][1], w: w, h: h };
        if (this.free(b, pass === 1)) { this.add(b, true); return b; }
      }
    }
    return null;
  };

  return { Placer: Placer };
})();
