/* kg graph page: search by words over the index built at export time (kg/export/word_index.py).
   A query is split into words as the index was (words() here must agree with the Python one: a
   browser test compares them); each word matches the terms it equals or begins, and a node scores
   the sum, over the query's words, of its best match: field weight x idf (exact terms count fully,
   longer terms half). Nodes holding every word come first, then by score; a node whose whole name
   is the query comes before all. */
var kgSearch = (function () {
  "use strict";
  var STOP = {};
  ("a an and are as at be been but by do does for from has have in into is it its of on or our such than that " +
   "the their them then there these this those to was we were which while with without via also not no may more " +
   "most over under between both each other all any using use used show shows shown based new two one how what when")
    .split(" ").forEach(function (w) { STOP[w] = 1; });

  function stem(w) {
    if (w.length > 4 && /ies$/.test(w)) return w.slice(0, -3) + "y";
    if (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }
  function fold(text) { return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function words(text) {
    var out = [], found = fold(text).match(/[0-9a-z]+/g) || [];
    found.forEach(function (w) { if (w.length > 1 && !STOP[w]) out.push(stem(w)); });
    return out;
  }

  function Index(index, n) {
    this.terms = index.terms;
    this.postings = index.postings;
    this.n = Math.max(1, n);
  }
  Index.prototype.lowerBound = function (w) {
    var lo = 0, hi = this.terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (this.terms[mid] < w) lo = mid + 1; else hi = mid; }
    return lo;
  };
  /* [[node, score, words matched], ...] for the query's words, best first (unsorted ties by node). */
  Index.prototype.match = function (query) {
    var qs = words(query), seen = {}, self = this;
    qs = qs.filter(function (w) { if (seen[w]) return false; seen[w] = 1; return true; });
    if (!qs.length) return [];
    var total = new Map(), count = new Map();
    qs.forEach(function (w) {
      var best = new Map();
      for (var t = self.lowerBound(w), k = 0; t < self.terms.length && k < 200; t++, k++) {
        var term = self.terms[t];
        if (term.lastIndexOf(w, 0) !== 0) break;
        var list = self.postings[t], df = list.length / 2, idf = Math.log(1 + self.n / df);
        var factor = term === w ? 1 : 0.5, node = 0;
        for (var p = 0; p < list.length; p += 2) {
          node += list[p];
          var s = factor * idf * list[p + 1];
          if (!(best.get(node) >= s)) best.set(node, s);
        }
      }
      best.forEach(function (s, node) {
        total.set(node, (total.get(node) || 0) + s);
        count.set(node, (count.get(node) || 0) + 1);
      });
    });
    var hits = [];
    total.forEach(function (s, node) { hits.push([node, s, count.get(node)]); });
    return hits;
  };

  return { words: words, fold: fold, Index: Index };
})();
