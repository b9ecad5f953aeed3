/* kg graph page: the side panel, built with DOM calls only. Everything in it that comes from the
   graph is text (textContent, createTextNode) or an attribute set from a checked value; links to
   other pages are http(s) only. A node's panel: a paper's abstract with its mentions underlined,
   its claims as result rows, its related papers with the entities they share, its links and
   entities; an entity's aliases, results, papers and co-occurrences; then any sections passed in
   the page data (data.extra). With nothing selected, the panel says what the graph holds. */
var kgPanel = (function () {
  "use strict";
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function plural(n, word) {
    var many = /[^aeiou]y$/.test(word) ? word.slice(0, -1) + "ies" : /(ware|s)$/.test(word) ? word : word + "s";
    return n.toLocaleString("en") + " " + (n === 1 ? word : many);
  }

  /* The panel of a page: `page` gives the page data, node ids, adjacency (edge indices per node)
     and goTo(i), which the panel's links call. */
  function create(page) {
    var data = page.data, types = data.types, ids = page.ids, adj = page.adj, goTo = page.goTo;
    var N = data.nodes.length, TYPE = {};
    types.forEach(function (t, i) { TYPE[t.key] = i; });
    var PAPER = TYPE.paper, CLAIM = TYPE.claim, RELATION_NAMES = data.relationTitles;
    var panel = document.getElementById("kg-panel"), panelBody = document.getElementById("kg-panel-body");
    function nodeLink(i, text) {
      var b = el("button", text === undefined ? data.nodes[i][2] : text, "kg-link");
      b.type = "button";
      b.setAttribute("data-node", ids[i]);
      b.addEventListener("click", function () { goTo(i); });
      return b;
    }
    function externalLink(text, url) {
      if (typeof url !== "string" || !/^https?:\/\/[^\s]+$/i.test(url)) return el("span", text);
      var a = el("a", text);
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      return a;
    }
    function clearPanel() { while (panelBody.firstChild) panelBody.removeChild(panelBody.firstChild); }
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
    function typeSections(nb, key) {
      (data.sections[key] || []).forEach(function (s) { relSection(nb, s[0], s[1], s[2]); });
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
    // a claim as a result row: value and unit, kind, qualifier, what it was measured on, the sentence
    function resultRow(c, withPaper) {
      var info = data.info[c] || {}, row = el("div", null, "kg-result"), head = el("div", null, "kg-result-head");
      var links = {};
      neighbours(c).forEach(function (x) { if (x.out) (links[x.rel] = links[x.rel] || []).push(x.j); });
      var value = info.value !== undefined ? String(info.value) + (info.unit ? (/^[%\u00d7x]$/.test(info.unit) ? "" : " ") + info.unit : "")
                                           : (info.text || data.nodes[c][2]);
      head.appendChild(nodeLink(c, value)).className = "kg-link kg-value";
      if (info.kind) head.appendChild(el("span", info.kind, "kg-kind"));
      if (info.qualifier) head.appendChild(el("span", info.qualifier, "kg-qualifier"));
      function part(rel, written, word, cls) {
        var found = links[rel] || [];
        if (!found.length && !written) return;
        var span = el("span", word + " ", cls);
        if (found.length) found.forEach(function (j, n) { if (n) span.appendChild(document.createTextNode(", ")); span.appendChild(nodeLink(j)); });
        else span.appendChild(document.createTextNode(written));
        head.appendChild(span);
      }
      part("measured_on", info.dataset, "on", "kg-dataset");
      part("for_task", null, "for", "kg-task");
      part("for_method", null, "by", "kg-method");
      part("against", info.baseline, "vs", "kg-baseline");
      part("run_on", info.hardware, "on", "kg-hardware");
      row.appendChild(head);
      if (info.sentence) {
        var sentence = el("div", null, "kg-sentence"), at = info.text ? info.sentence.indexOf(info.text) : -1;
        if (at < 0) sentence.textContent = info.sentence;
        else {
          sentence.appendChild(document.createTextNode(info.sentence.slice(0, at)));
          sentence.appendChild(el("mark", info.text, "kg-claim-text"));
          sentence.appendChild(document.createTextNode(info.sentence.slice(at + info.text.length)));
        }
        row.appendChild(sentence);
      }
      if (withPaper) {
        var paper = neighbours(c).filter(function (x) { return x.rel === "reports" && !x.out; })[0];
        if (paper) { var pp = el("div", null, "kg-result-paper"); pp.appendChild(nodeLink(paper.j)); row.appendChild(pp); }
      }
      return row;
    }
    function resultsSection(title, claims, withPaper, limit) {
      if (!claims.length) return;
      panelBody.appendChild(el("h3", title));
      var box = el("div", null, "kg-results");
      claims.slice(0, limit).forEach(function (c) { box.appendChild(resultRow(c, withPaper)); });
      if (claims.length > limit) box.appendChild(el("div", "and " + (claims.length - limit).toLocaleString("en") + " more", "kg-meta"));
      panelBody.appendChild(box);
    }
    function byValue(a, b) {
      var x = data.info[a] || {}, y = data.info[b] || {};
      return ((x.kind || "") < (y.kind || "") ? -1 : (x.kind || "") > (y.kind || "") ? 1 : 0) ||
             ((y.value || 0) - (x.value || 0)) || (a - b);
    }
    function ref(r) { return typeof r === "number" ? nodeLink(r) : el("span", r); }
    function relatedSection(rows, title) {
      if (!data.related) {  // too many papers on the page to rank them all ahead
        panelBody.appendChild(el("h3", "Related papers"));
        panelBody.appendChild(el("p", "Not listed on pages this large: kg query related " + JSON.stringify(title) +
                                      " lists them.", "kg-meta"));
        return;
      }
      if (!rows || !rows.length) return;
      panelBody.appendChild(el("h3", "Related papers"));
      var ul = el("ul", null, "kg-related");
      rows.forEach(function (r) {
        var li = el("li");
        li.appendChild(ref(r[0]));
        var why = el("div", "shares ", "kg-meta");
        r[2].slice(0, 5).forEach(function (e, n) { if (n) why.appendChild(document.createTextNode(", ")); why.appendChild(ref(e)); });
        if (r[2].length > 5) why.appendChild(document.createTextNode(" and " + (r[2].length - 5) + " more"));
        li.appendChild(why);
        ul.appendChild(li);
      });
      panelBody.appendChild(ul);
    }
    // sections passed in the page data (leaderboards, trends...): a title, columns and rows of cells
    function extraSections(i) {
      (data.extra[String(i)] || []).forEach(function (s) {
        panelBody.appendChild(el("h3", s.title));
        var table = el("div", null, "kg-table");
        table.style.gridTemplateColumns = "repeat(" + Math.max(1, s.columns.length) + ", auto)";
        s.columns.forEach(function (c) { table.appendChild(el("span", c, "kg-th")); });
        s.rows.forEach(function (row) {
          row.forEach(function (cell) {
            var c = cell !== null && typeof cell === "object" && typeof cell.node === "number" && cell.node >= 0 && cell.node < N
              ? nodeLink(cell.node) : el("span", cell === null || cell === undefined ? "" : String(cell));
            c.classList.add("kg-td");
            table.appendChild(c);
          });
        });
        panelBody.appendChild(table);
      });
    }

    function showPanel(i) {
      var n = data.nodes[i], info = data.info[i] || {}, t = types[n[1]], nb = neighbours(i);
      clearPanel();
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
        var claims = nb.filter(function (x) { return x.rel === "reports" && x.out; }).map(function (x) { return x.j; });
        claims.sort(function (a, b) { return (data.info[a] || {}).sentence === (data.info[b] || {}).sentence ? a - b : byValue(a, b); });
        resultsSection("Results", claims, false, 30);
        relatedSection(info.related, info.title || n[2]);
        typeSections(nb, "paper");
      } else if (t.key === "claim") {
        resultsSection("Result", [i], true, 1);
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
        var results = nb.filter(function (x) { return !x.out && data.nodes[x.j][1] === CLAIM; }).map(function (x) { return x.j; });
        results = results.filter(function (c, k) { return results.indexOf(c) === k; }).sort(byValue);
        resultsSection("Results", results, true, 30);
        var papers = nb.filter(function (x) { return !x.out && data.nodes[x.j][1] === PAPER; }).sort(byLabel);
        var lp = linksOf(papers, 30);
        section("Papers", lp.items, lp.more);
        if (!papers.length && n[6] && data.partial)
          panelBody.appendChild(el("p", "Its papers are not on this page: kg view --focus " + JSON.stringify(n[0]) +
                                        " -o page.html writes a page with them.", "kg-meta"));
        var co = nb.filter(function (x) { return x.rel === "cooccurs"; }).sort(function (a, b) {
          return (b.papers - a.papers) || ((b.npmi || 0) - (a.npmi || 0)) || byLabel(a, b);
        });
        section("Strongest co-occurrences", co.slice(0, 10).map(function (x) {
          var span = el("span");
          span.appendChild(nodeLink(x.j));
          span.appendChild(el("span", " \u2014 " + plural(x.papers, "paper") + (x.npmi !== null ? ", npmi " + x.npmi : ""), "kg-meta"));
          return span;
        }), co.length - 10);
        typeSections(nb, t.key);
      }
      extraSections(i);
      panel.hidden = false;
      panel.scrollTop = 0;
    }
    // with nothing selected: what the graph holds, its communities, how to explore it
    function showSummary() {
      clearPanel();
      panelBody.appendChild(el("h2", "What is in this graph"));
      var counts = types.map(function () { return 0; });
      data.nodes.forEach(function (n) { counts[n[1]]++; });
      var parts = [];
      types.forEach(function (t, ti) { if (counts[ti]) parts.push(plural(counts[ti], t.name.toLowerCase())); });
      panelBody.appendChild(el("p", parts.join(" \u00b7 "), "kg-meta"));
      if (data.note) panelBody.appendChild(el("p", data.note, "kg-meta"));
      if (data.communities.length) {
        panelBody.appendChild(el("h3", "Communities"));
        var ul = el("ul", null, "kg-communities");
        data.communities.forEach(function (c) {
          var li = el("li");
          li.appendChild(el("div", c[0], "kg-community-name"));
          li.appendChild(el("div", plural(c[2], "entity") + (c[1] ? " \u00b7 " + plural(c[1], "paper") : ""), "kg-meta"));
          var members = el("div", null, "kg-members");
          c[3].slice(0, 6).forEach(function (m, k) { if (k) members.appendChild(document.createTextNode(" \u00b7 ")); members.appendChild(nodeLink(m)); });
          li.appendChild(members);
          ul.appendChild(li);
        });
        panelBody.appendChild(ul);
      }
      panelBody.appendChild(el("h3", "Explore"));
      textList("kg-help", ["Click a node: its neighbourhood (papers, methods, datasets, tasks) comes forward, the rest fades.",
                           "Search finds words in names, titles and abstracts (\u2191 \u2193 Enter).",
                           "\u2190 and \u2192 go back and forward between views; the address keeps the view for a bookmark."]);
      panel.hidden = false;
    }
    function textList(cls, lines) {  // a list of plain lines
      var ul = el("ul", null, cls);
      lines.forEach(function (l) { ul.appendChild(el("li", l)); });
      panelBody.appendChild(ul);
    }

    return { show: showPanel, summary: showSummary };
  }

  return { create: create, el: el, plural: plural };
})();
