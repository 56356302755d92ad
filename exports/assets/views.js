/* policy-kg views: the behaviour of the network pages (graph, exclusions, entity).
 * Shipped with the pages; reads its data from <script type="application/json" id="pkg-data">.
 * Document text is only ever put into the page with textContent or as vis-network string tooltips
 * (which vis shows with innerText): nothing from the data is parsed as HTML. */
(function () {
  "use strict";

  function readData() {
    var el = document.getElementById("pkg-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  /* element with text children only: h("a", {href: ...}, "text", otherElement) */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
        if (k === "className") el.className = attrs[k];
        else if (k === "style") el.style.cssText = attrs[k];
        else el.setAttribute(k, String(attrs[k]));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  /* a relative link is kept only when it is a plain path (no scheme): the data holds nothing else */
  function safeHref(href) {
    return typeof href === "string" && /^[A-Za-z0-9._\/-]+\.html(#[A-Za-z0-9_-]*)?$/.test(href) ? href : null;
  }

  function link(href, text) {
    var safe = safeHref(href);
    return safe ? h("a", {href: safe}, text) : h("span", null, text);
  }

  function swatch(colour) {
    return h("span", {className: "swatch", style: "background: " + (/^#[0-9a-fA-F]{3,8}$/.test(colour) ? colour : "#ddd")});
  }

  function markReady(view) {
    view.ready = true;
    document.body.setAttribute("data-ready", "true");
  }

  function stopPhysicsWhenStable(network, view, status) {
    var done = false;
    function finish() {
      if (done) return;
      done = true;
      network.setOptions({physics: {enabled: false}});
      if (status) status.textContent = "";
      markReady(view);
    }
    network.once("stabilizationIterationsDone", finish);
    network.once("stabilized", finish);
    if (status) {
      network.on("stabilizationProgress", function (p) {
        status.textContent = "Laying out the graph… " + Math.round(100 * p.iterations / p.total) + "%";
      });
    }
  }

  function drawnCounts(network) {
    return {nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length};
  }

  /* ------------------------------------------------------------------ whole graph */

  function initGraph(data) {
    var container = document.getElementById("network");
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
    var view = {network: network, nodes: nodes, edges: edges, ready: false,
                drawn: function () { return drawnCounts(network); }};
    window.policyKgView = view;
    stopPhysicsWhenStable(network, view, document.getElementById("status"));
    var details = document.getElementById("details");
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });

    function showNode(id) {
      var n = byId[id];
      clear(details);
      if (!n) return;
      details.appendChild(h("h3", null, swatch(n.color), n.name));
      details.appendChild(h("p", null, (n.kind || "node") + (n.ident && n.ident !== n.name ? " · " + n.ident : "")));
      details.appendChild(h("p", null, n.degree + " link" + (n.degree === 1 ? "" : "s")));
      if (n.page) details.appendChild(h("p", null, link(n.page, "open its page")));
      var list = h("ul");
      network.getConnectedEdges(id).slice(0, 40).forEach(function (eid) {
        var e = edges.get(eid);
        var out = e.from === id;
        var other = byId[out ? e.to : e.from];
        list.appendChild(h("li", null, out ? "→ " : "← ", h("code", null, e.predicate), " ",
                           other && other.page ? link(other.page, other.name) : (other ? other.name : "")));
      });
      details.appendChild(list);
      details.appendChild(h("p", {className: "muted"}, n.id));
    }

    network.on("click", function (params) {
      if (params.nodes.length) showNode(params.nodes[0]);
    });
    network.on("doubleClick", function (params) {
      var n = params.nodes.length ? byId[params.nodes[0]] : null;
      if (n && safeHref(n.page)) window.location.href = safeHref(n.page);
    });

    var input = document.getElementById("search");
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    function focusNode(id) {
      network.selectNodes([id]);
      network.focus(id, {scale: 1.3, animation: false});
      showNode(id);
    }
    function search() {
      var q = input.value.trim().toLowerCase();
      clear(results);
      if (!q) { status.textContent = ""; return []; }
      var exact = [], partial = [];
      data.nodes.forEach(function (n) {
        var name = (n.name || "").toLowerCase(), ident = (n.ident || "").toLowerCase();
        if (name === q || ident === q) exact.push(n);
        else if (name.indexOf(q) >= 0 || ident.indexOf(q) >= 0) partial.push(n);
      });
      var found = exact.concat(partial);
      status.textContent = found.length ? found.length + " found" : "nothing found";
      found.slice(0, 20).forEach(function (n) {
        var b = h("button", {type: "button"}, n.name + (n.kind ? " (" + n.kind + ")" : ""));
        b.addEventListener("click", function () { focusNode(n.id); });
        results.appendChild(h("li", null, b));
      });
      if (found.length) focusNode(found[0].id);
      return found.map(function (n) { return n.id; });
    }
    document.getElementById("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
    view.search = function (q) { input.value = q; return search(); };
  }

  /* ------------------------------------------------------------------ exclusions */

  /* SPARQL's test in exclusions-in-force.rq: compare the day at the precision of the stored date */
  function atOrAfter(day, date) { return day.substring(0, date.length) >= date; }
  function atOrBefore(day, date) { return day.substring(0, date.length) <= date; }

  function statementInForce(st, day, withdrawn) {
    var start = st.since || st.docDate;
    if (!start) return false;
    if (!atOrAfter(day, start)) return false;
    if (st.until && !atOrBefore(day, st.until)) return false;
    if (withdrawn && atOrAfter(day, withdrawn)) return false;
    return true;
  }

  function initExclusions(data) {
    var licences = {}, countries = {};
    data.licences.forEach(function (l) { licences[l.iri] = l; });
    data.countries.forEach(function (c) { countries[c.iri] = c; });
    var nodeItems = data.licences.map(function (l) {
      return {id: l.iri, label: l.code, title: l.code + (l.name !== l.code ? "\n" + l.name : "") +
              (l.withdrawn ? "\nwithdrawn " + l.withdrawn : ""), shape: "box", kind: "LICENCE",
              color: {background: l.colour, border: "#222", highlight: {background: l.colour, border: "#000"},
              hover: {background: l.colour, border: "#000"}}, borderWidthSelected: 3, font: {color: "#fff", size: 16, bold: true}, mass: 3};
    });
    data.countries.forEach(function (c) {
      var several = c.licences > 1;
      nodeItems.push({id: c.iri, label: c.name + (several ? " ×" + c.licences : ""), kind: "COUNTRY",
                      title: c.name + (c.code ? " (" + c.code + ")" : "") + "\nexcluded by " + c.licences + " licence" + (c.licences > 1 ? "s" : ""),
                      shape: "dot", size: several ? 12 + 4 * c.licences : 10, borderWidth: several ? 4 : 1,
                      color: {background: several ? "#ffd54f" : "#c8e6c9", border: several ? "#111" : "#2e7d32"},
                      font: {size: several ? 15 : 13, bold: several}});
    });
    var edgeItems = data.exclusions.map(function (x, i) {
      var l = licences[x.licence], c = countries[x.country];
      var first = x.statements[0] || {};
      var lines = [l.code + " excludes " + c.name,
                   "since " + (x.since || "?") + (x.sinceStated ? "" : " (date of the document)")];
      x.statements.forEach(function (st) { if (st.until) lines.push("until " + st.until); });
      if (l.withdrawn) lines.push("licence withdrawn " + l.withdrawn);
      if (first.sentence) lines.push("“" + (first.sentence.length > 300 ? first.sentence.substring(0, 299) + "…" : first.sentence) + "”");
      if (first.doc) lines.push(first.doc + (x.statements.length > 1 ? " and " + (x.statements.length - 1) + " more statement(s)" : ""));
      return {id: "x" + i, from: x.licence, to: x.country, color: {color: l.colour, highlight: l.colour, hover: l.colour},
              width: 2, title: lines.join("\n"), index: i};
    });
    var nodes = new vis.DataSet(nodeItems);
    var edges = new vis.DataSet(edgeItems);
    var options = {
      layout: {randomSeed: 7, improvedLayout: nodeItems.length <= 150},
      physics: {solver: "forceAtlas2Based", forceAtlas2Based: {gravitationalConstant: -80, springLength: 110, avoidOverlap: 0.5},
                stabilization: {enabled: true, iterations: 500, fit: true}},
      edges: {smooth: {enabled: true, type: "continuous"}, arrows: {to: {enabled: false}}},
      interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: nodeItems.length > 500}
    };
    var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, options);
    var state = {licences: {}, date: ""};
    data.licences.forEach(function (l) { state.licences[l.iri] = true; });
    var view = {network: network, nodes: nodes, edges: edges, ready: false, data: data,
                drawn: function () { return drawnCounts(network); }};
    window.policyKgView = view;
    stopPhysicsWhenStable(network, view, null);

    function edgeVisible(x) {
      if (!state.licences[x.licence]) return false;
      if (!state.date) return true;
      var wd = licences[x.licence].withdrawn;
      return x.statements.some(function (st) { return statementInForce(st, state.date, wd); });
    }

    /* which exclusions and countries are shown now: {edges: [index], countries: [iri], licences: [iri]} */
    function visible() {
      var shownEdges = [], shownCountries = {};
      data.exclusions.forEach(function (x, i) {
        if (edgeVisible(x)) { shownEdges.push(i); shownCountries[x.country] = true; }
      });
      return {edges: shownEdges, countries: Object.keys(shownCountries).sort(),
              licences: data.licences.filter(function (l) { return state.licences[l.iri]; }).map(function (l) { return l.iri; })};
    }

    function apply() {
      var v = visible();
      var edgeShown = {}, countryShown = {};
      v.edges.forEach(function (i) { edgeShown[i] = true; });
      v.countries.forEach(function (c) { countryShown[c] = true; });
      edges.update(edgeItems.map(function (e) { return {id: e.id, hidden: !edgeShown[e.index]}; }));
      nodes.update(data.licences.map(function (l) { return {id: l.iri, hidden: !state.licences[l.iri]}; }).concat(
                   data.countries.map(function (c) { return {id: c.iri, hidden: !countryShown[c.iri]}; })));
      document.querySelectorAll("#licence-filter input[type=checkbox]").forEach(function (cb) { cb.checked = !!state.licences[cb.value]; });
      document.getElementById("summary").textContent = v.edges.length + " exclusion" + (v.edges.length === 1 ? "" : "s") + " of " +
        v.countries.length + " countr" + (v.countries.length === 1 ? "y" : "ies") + " by " + v.licences.length + " licence" +
        (v.licences.length === 1 ? "" : "s") + (state.date ? " in force on " + state.date : " (any date)");
      if (view.ready) network.fit({animation: false});
      return v;
    }

    var details = document.getElementById("details");
    function statementBlock(st) {
      return h("li", null,
        h("span", null, "since " + (st.since || (st.docDate ? st.docDate + " (date of the document)" : "?")) + (st.until ? ", until " + st.until : "")),
        st.sentence ? h("blockquote", null, st.sentence) : null,
        st.doc ? h("span", {className: "muted"}, "in ", link(st.docPage, st.doc), st.docDate ? ", " + st.docDate : "") : null);
    }
    function showLicence(iri) {
      var l = licences[iri], v = visible();
      clear(details);
      details.appendChild(h("h3", null, swatch(l.colour), l.code));
      if (l.name !== l.code) details.appendChild(h("p", null, l.name));
      if (l.withdrawn) details.appendChild(h("p", null, "withdrawn " + l.withdrawn));
      if (l.page) details.appendChild(h("p", null, link(l.page, "open its page")));
      var list = h("ul", {id: "licence-countries"});
      var n = 0;
      v.edges.forEach(function (i) {
        var x = data.exclusions[i];
        if (x.licence !== iri) return;
        var c = countries[x.country];
        n++;
        list.appendChild(h("li", {"data-country": c.iri}, link(c.page, c.name), " ", h("span", {className: "muted"}, (c.code || "") + " · since " + (x.since || "?"))));
      });
      details.appendChild(h("p", null, "Excludes " + n + " countr" + (n === 1 ? "y" : "ies") + (state.date ? " on " + state.date : "") + ":"));
      details.appendChild(list);
      details.appendChild(h("p", null, (function () {
        var b = h("button", {type: "button", id: "show-all"}, "show all licences");
        b.addEventListener("click", function () { Object.keys(state.licences).forEach(function (k) { state.licences[k] = true; }); apply(); });
        return b;
      })()));
    }
    function showCountry(iri) {
      var c = countries[iri], v = visible();
      clear(details);
      details.appendChild(h("h3", null, c.name));
      if (c.code) details.appendChild(h("p", null, c.code));
      if (c.page) details.appendChild(h("p", null, link(c.page, "open its page")));
      var list = h("ul");
      v.edges.forEach(function (i) {
        var x = data.exclusions[i];
        if (x.country !== iri) return;
        var l = licences[x.licence];
        list.appendChild(h("li", null, swatch(l.colour), link(l.page, l.code), " since " + (x.since || "?")));
      });
      details.appendChild(h("p", null, "Excluded by:"));
      details.appendChild(list);
    }
    function showExclusion(i) {
      var x = data.exclusions[i], l = licences[x.licence], c = countries[x.country];
      clear(details);
      details.appendChild(h("h3", null, swatch(l.colour), l.code + " excludes " + c.name));
      details.appendChild(h("p", null, "since " + (x.since || "?") + (x.sinceStated ? "" : " (date of the document that states it)") +
                                      (l.withdrawn ? "; licence withdrawn " + l.withdrawn : "")));
      var list = h("ol");
      x.statements.forEach(function (st) { list.appendChild(statementBlock(st)); });
      details.appendChild(list);
    }

    network.on("click", function (params) {
      if (params.nodes.length) {
        var id = params.nodes[0];
        if (licences[id]) {
          Object.keys(state.licences).forEach(function (k) { state.licences[k] = k === id; });
          apply();
          showLicence(id);
        } else if (countries[id]) showCountry(id);
      } else if (params.edges.length) {
        var e = edges.get(params.edges[0]);
        if (e) showExclusion(e.index);
      }
    });

    document.querySelectorAll("#licence-filter input[type=checkbox]").forEach(function (cb) {
      cb.addEventListener("change", function () { state.licences[cb.value] = cb.checked; apply(); });
    });
    document.getElementById("licences-all").addEventListener("click", function () {
      Object.keys(state.licences).forEach(function (k) { state.licences[k] = true; }); apply();
    });
    document.getElementById("licences-none").addEventListener("click", function () {
      Object.keys(state.licences).forEach(function (k) { state.licences[k] = false; }); apply();
    });
    var dateInput = document.getElementById("on-date");
    dateInput.addEventListener("change", function () { state.date = /^\d{4}-\d{2}-\d{2}$/.test(dateInput.value) ? dateInput.value : ""; apply(); });
    document.getElementById("date-clear").addEventListener("click", function () { dateInput.value = ""; state.date = ""; apply(); });

    view.visible = visible;
    view.setDate = function (d) { dateInput.value = d || ""; state.date = d || ""; return apply(); };
    view.setLicences = function (iris) {
      Object.keys(state.licences).forEach(function (k) { state.licences[k] = iris.indexOf(k) >= 0; });
      return apply();
    };
    apply();
  }

  /* ------------------------------------------------------------------ entity page */

  function initEntity(data) {
    var container = document.getElementById("network");
    if (!container || !data) return;
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
    var view = {network: network, nodes: nodes, edges: edges, ready: false, drawn: function () { return drawnCounts(network); }};
    window.policyKgView = view;
    stopPhysicsWhenStable(network, view, null);
    network.on("doubleClick", function (params) {
      var n = params.nodes.length ? nodes.get(params.nodes[0]) : null;
      if (n && safeHref(n.href)) window.location.href = safeHref(n.href);
    });
  }

  var kind = document.body.getAttribute("data-view");
  var data = readData();
  if (typeof vis === "undefined" || !data) { markReady(window.policyKgView = {ready: false}); return; }
  if (kind === "graph") initGraph(data);
  else if (kind === "exclusions") initExclusions(data);
  else if (kind === "entity") initEntity(data);
  else markReady(window.policyKgView = {ready: false});
})();
