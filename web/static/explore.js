// The graph explorer: draws the neighbourhood of a node, or the shortest
// paths between two nodes, from the GraphQL endpoint with Cytoscape.js.
//
// The server puts in #explorer's data-config attribute the endpoint, the
// export URL, the playground's URL and the GraphQL document of every request
// the page makes (one named operation each, see gql). The page's state
// lives in its URL, so that a view can be shared. Text from the graph is
// only ever set as text (textContent, attributes), never parsed as HTML.
(function () {
  'use strict';

  var root = document.getElementById('explorer');
  var config = JSON.parse(root.getAttribute('data-config'));
  var endpoint = new URL(config.endpoint, window.location.href).toString();

  // Colour and shape per node kind (the __typename of a node, the first part
  // of its ID). Shapes tell the kinds apart without colour.
  var KINDS = {
    State: { color: '#4e79a7', shape: 'ellipse' },
    Region: { color: '#a0cbe8', shape: 'octagon' },
    Group: { color: '#f28e2b', shape: 'pentagon' },
    CrimeType: { color: '#e15759', shape: 'hexagon' },
    Instrument: { color: '#59a14f', shape: 'diamond' },
    Body: { color: '#b07aa1', shape: 'triangle' },
    Resolution: { color: '#9c755f', shape: 'rectangle' },
    Paragraph: { color: '#edc948', shape: 'round-rectangle' },
    Footnote: { color: '#f1ce63', shape: 'round-rectangle' },
    Document: { color: '#bab0ac', shape: 'rectangle' },
    Conference: { color: '#ff9da7', shape: 'pentagon' },
    Topic: { color: '#76b7b2', shape: 'ellipse' },
    Programme: { color: '#8cd17d', shape: 'hexagon' },
    Activity: { color: '#86bcb6', shape: 'triangle' }
  };
  var OTHER_KIND = { color: '#cccccc', shape: 'ellipse' };

  // SVG outlines of the shapes, in a 16×16 box, for the legend.
  var SHAPE_POINTS = {
    octagon: '5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5',
    pentagon: '8,1 15,6.5 12.5,15 3.5,15 1,6.5',
    hexagon: '4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8',
    diamond: '8,0.5 15.5,8 8,15.5 0.5,8',
    triangle: '8,1 15.5,15 0.5,15',
    rectangle: '1.5,3 14.5,3 14.5,13 1.5,13'
  };

  var MIN_SIZE = 18;
  var MAX_SIZE = 60;
  var PLAIN_SIZE = 30;

  // ---- small DOM helpers (text only, never HTML) ----

  function $(id) {
    return document.getElementById(id);
  }

  // h creates an element with attributes (properties for a few) and
  // children, strings becoming text nodes.
  function h(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) {
        return;
      }
      if (k === 'onclick') {
        e.addEventListener('click', v);
      } else if (k === 'text') {
        e.textContent = v;
      } else {
        e.setAttribute(k, v === true ? '' : String(v));
      }
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) {
        return;
      }
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return e;
  }

  function clear(e) {
    while (e.firstChild) {
      e.removeChild(e.firstChild);
    }
  }

  // kindInfo returns the colour and shape of a kind.
  function kindInfo(kind) {
    return KINDS[kind] || OTHER_KIND;
  }

  // kindOf returns the kind of a node ID (the part before the first colon).
  function kindOf(id) {
    var i = id.indexOf(':');
    return i > 0 ? id.slice(0, i) : '';
  }

  // enumToKind turns a NodeKind enum value (CRIME_TYPE) into a kind name
  // (CrimeType); kindToEnum does the reverse.
  function enumToKind(v) {
    return v.toLowerCase().split('_').map(function (w) {
      return w.charAt(0).toUpperCase() + w.slice(1);
    }).join('');
  }
  function kindToEnum(k) {
    return k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  }

  // legendSwatch draws a kind's shape in its colour.
  function legendSwatch(kind) {
    var info = kindInfo(kind);
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('width', '16');
    svg.setAttribute('height', '16');
    svg.setAttribute('aria-hidden', 'true');
    var shape;
    if (SHAPE_POINTS[info.shape]) {
      shape = document.createElementNS(ns, 'polygon');
      shape.setAttribute('points', SHAPE_POINTS[info.shape]);
    } else if (info.shape === 'round-rectangle') {
      shape = document.createElementNS(ns, 'rect');
      shape.setAttribute('x', '1.5');
      shape.setAttribute('y', '3');
      shape.setAttribute('width', '13');
      shape.setAttribute('height', '10');
      shape.setAttribute('rx', '3');
    } else {
      shape = document.createElementNS(ns, 'circle');
      shape.setAttribute('cx', '8');
      shape.setAttribute('cy', '8');
      shape.setAttribute('r', '7');
    }
    shape.setAttribute('fill', info.color);
    shape.setAttribute('stroke', '#555');
    shape.setAttribute('stroke-width', '1');
    svg.appendChild(shape);
    return svg;
  }

  // ---- the GraphQL endpoint ----

  // ApiError is an error to show as it is: what the API or the network said.
  function ApiError(message) {
    this.message = message;
  }

  // gql runs the operation called operationName of the page's GraphQL
  // document with variables, and resolves to its data or rejects with an
  // ApiError saying what went wrong in words.
  function gql(operationName, variables) {
    return fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query: config.queries, operationName: operationName, variables: variables || {} })
    }).catch(function () {
      throw new ApiError('Could not reach the GraphQL endpoint (' + config.endpoint + '): is the server running?');
    }).then(function (res) {
      return res.text().then(function (text) {
        var body;
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw new ApiError('The server answered ' + res.status + ' ' + res.statusText + ' without a GraphQL response.');
        }
        if (body.errors && body.errors.length) {
          throw new ApiError(body.errors.map(describeError).join('\n'));
        }
        if (!res.ok || !body.data) {
          throw new ApiError('The server answered ' + res.status + ' ' + res.statusText + '.');
        }
        return body.data;
      });
    });
  }

  // describeError puts a GraphQL error in words: its message, and its code
  // when it has one.
  function describeError(err) {
    var code = err.extensions && err.extensions.code;
    var msg = err.message || 'unknown error';
    switch (code) {
      case 'BAD_USER_INPUT':
        return 'The request was refused: ' + msg + '.';
      case 'GRAPHQL_VALIDATION_FAILED':
      case 'GRAPHQL_PARSE_FAILED':
        return 'The page sent a query the server does not accept (' + code + '): ' + msg;
      case 'COMPLEXITY_LIMIT_EXCEEDED':
        return 'The request is too large for the server (' + msg + '): lower the limit or the depth.';
      case 'UNAVAILABLE':
        return 'The graph store is unavailable: ' + msg + '.';
      default:
        return code ? msg + ' (' + code + ')' : msg;
    }
  }

  // ---- state: the form, the URL ----

  var DEFAULTS = { mode: 'neighborhood', depth: '1', limit: '200', maxLength: '6', pathLimit: '10', layout: 'auto', size: 'betweenness' };

  // stateFromURL reads the view's state from the page's URL.
  function stateFromURL() {
    var q = new URLSearchParams(window.location.search);
    var mode = q.get('mode') === 'path' || (!q.has('id') && q.has('from')) ? 'path' : 'neighborhood';
    var s = {
      mode: mode,
      id: q.get('id') || '',
      depth: q.get('depth') || DEFAULTS.depth,
      limit: q.get('limit') || (mode === 'path' ? DEFAULTS.pathLimit : DEFAULTS.limit),
      from: q.get('from') || '',
      to: q.get('to') || '',
      maxLength: q.get('maxLength') || DEFAULTS.maxLength,
      relationships: list(q.get('relationships')),
      kinds: list(q.get('kinds')),
      layout: q.get('layout') || DEFAULTS.layout,
      size: q.get('size') || DEFAULTS.size
    };
    return s;
  }

  function list(v) {
    return v ? v.split(',').map(function (x) { return x.trim(); }).filter(Boolean) : null;
  }

  // urlOf returns the URL of a state, leaving out defaults.
  function urlOf(s) {
    var q = new URLSearchParams();
    if (s.mode === 'path') {
      q.set('mode', 'path');
      q.set('from', s.from);
      q.set('to', s.to);
      if (s.maxLength !== DEFAULTS.maxLength) q.set('maxLength', s.maxLength);
      if (s.limit !== DEFAULTS.pathLimit) q.set('limit', s.limit);
    } else {
      q.set('id', s.id);
      if (s.depth !== DEFAULTS.depth) q.set('depth', s.depth);
      if (s.limit !== DEFAULTS.limit) q.set('limit', s.limit);
      if (s.kinds) q.set('kinds', s.kinds.join(','));
    }
    if (s.relationships) q.set('relationships', s.relationships.join(','));
    if (s.layout !== DEFAULTS.layout) q.set('layout', s.layout);
    if (s.size !== DEFAULTS.size) q.set('size', s.size);
    // Keep the separators of IDs readable in the address bar.
    return '?' + q.toString().replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%2C/g, ',');
  }

  // stateFromForm reads the state the form describes.
  function stateFromForm() {
    var mode = document.querySelector('input[name="mode"]:checked').value;
    return {
      mode: mode,
      id: $('id').value.trim(),
      depth: $('depth').value.trim() || DEFAULTS.depth,
      limit: (mode === 'path' ? $('pathLimit').value : $('limit').value).trim() ||
        (mode === 'path' ? DEFAULTS.pathLimit : DEFAULTS.limit),
      from: $('from').value.trim(),
      to: $('to').value.trim(),
      maxLength: $('maxLength').value.trim() || DEFAULTS.maxLength,
      relationships: checked('relationships'),
      kinds: checked('kinds'),
      layout: $('layout').value,
      size: $('size').value
    };
  }

  // fillForm shows a state in the form.
  function fillForm(s) {
    document.querySelectorAll('input[name="mode"]').forEach(function (r) {
      r.checked = r.value === s.mode;
    });
    showMode(s.mode);
    $('id').value = s.id;
    $('depth').value = s.depth;
    $('from').value = s.from;
    $('to').value = s.to;
    $('maxLength').value = s.maxLength;
    if (s.mode === 'path') {
      $('pathLimit').value = s.limit;
      $('limit').value = DEFAULTS.limit;
    } else {
      $('limit').value = s.limit;
      $('pathLimit').value = DEFAULTS.pathLimit;
    }
    setChecked('relationships', s.relationships);
    setChecked('kinds', s.kinds);
    $('layout').value = s.layout;
    if ($('layout').value !== s.layout) $('layout').value = DEFAULTS.layout;
    $('size').value = s.size;
    if ($('size').value !== s.size) $('size').value = DEFAULTS.size;
  }

  function showMode(mode) {
    document.querySelectorAll('[data-mode]').forEach(function (e) {
      e.hidden = e.getAttribute('data-mode') !== mode;
    });
  }

  // checked returns the values checked in a group of checkboxes, or null
  // when all are (no filter).
  function checked(group) {
    var boxes = $(group).querySelectorAll('input[type="checkbox"]');
    var out = [];
    boxes.forEach(function (b) {
      if (b.checked) out.push(b.value);
    });
    return out.length === boxes.length ? null : out;
  }

  // setChecked checks the values of a group (all of them for null). Values
  // the page does not offer are kept as checkboxes too, so that the API can
  // say what is wrong with them.
  function setChecked(group, values) {
    var fs = $(group);
    if (values) {
      values.forEach(function (v) {
        if (!fs.querySelector('input[value="' + cssEscape(v) + '"]')) {
          addCheckbox(group, v, null);
        }
      });
    }
    fs.querySelectorAll('input[type="checkbox"]').forEach(function (b) {
      b.checked = !values || values.indexOf(b.value) >= 0;
    });
    summarize(group);
  }

  function cssEscape(v) {
    return window.CSS && CSS.escape ? CSS.escape(v) : v.replace(/["\\]/g, '\\$&');
  }

  function addCheckbox(group, value, count) {
    var id = group + '-' + value;
    var box = h('input', { type: 'checkbox', id: id, value: value, checked: true });
    box.addEventListener('change', function () { summarize(group); });
    var label = [value];
    if (group === 'kinds') {
      label = [legendSwatch(value), ' ', value];
    }
    if (count !== null) {
      label.push(h('span', { class: 'count', text: ' ' + count }));
    }
    $(group).appendChild(h('div', { class: count === 0 ? 'check empty' : 'check' }, [
      box, h('label', { for: id }, label)
    ]));
  }

  // summarize says, in the summary of a group of checkboxes, what is checked.
  function summarize(group) {
    var boxes = $(group).querySelectorAll('input[type="checkbox"]');
    var on = checked(group);
    $(group + '-summary').textContent = on === null ? 'all' : on.length === 0 ? 'none' : on.length + ' of ' + boxes.length;
  }

  // loadChoices asks the API for the relationship types and node kinds and
  // makes a checkbox of each.
  function loadChoices() {
    return gql('ExplorerChoices').then(function (data) {
      data.counts.relationships.forEach(function (t) {
        addCheckbox('relationships', t.type, t.count);
      });
      data.counts.nodes.forEach(function (k) {
        var kind = enumToKind(k.kind);
        addCheckbox('kinds', kind, k.count);
      });
    });
  }

  // ---- drawing ----

  var cy = cytoscape({
    container: $('cy'),
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(color)',
          shape: 'data(shape)',
          width: 'data(size)',
          height: 'data(size)',
          label: 'data(label)',
          'font-size': 11,
          'font-family': 'system-ui, sans-serif',
          color: '#1d2733',
          'text-valign': 'bottom',
          'text-margin-y': 3,
          'text-wrap': 'ellipsis',
          'text-max-width': '200px',
          'text-outline-color': '#ffffff',
          'text-outline-width': 2,
          'min-zoomed-font-size': 6,
          'border-width': 1,
          'border-color': '#4a5560'
        }
      },
      // Layers (paths): labels beside the nodes, off the relationships.
      { selector: 'node.label-right', style: { 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 6, 'text-margin-y': 0 } },
      { selector: 'node.start', style: { 'border-width': 4, 'border-color': '#111111', 'font-weight': 'bold' } },
      {
        selector: 'edge',
        style: {
          width: 1.3,
          'line-color': '#98a3ad',
          'target-arrow-shape': 'triangle',
          'target-arrow-color': '#98a3ad',
          'arrow-scale': 0.8,
          'curve-style': 'bezier',
          label: 'data(type)',
          'font-size': 8,
          'font-family': 'system-ui, sans-serif',
          color: '#4d5a66',
          'text-rotation': 'autorotate',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': '1px',
          'min-zoomed-font-size': 7
        }
      },
      // In a large drawing, only the most central nodes are labelled until
      // the drawing is zoomed in, and relationships only when zoomed further.
      { selector: 'node.major', style: { 'font-size': 16, 'min-zoomed-font-size': 4 } },
      { selector: 'node.minor', style: { 'min-zoomed-font-size': 16 } },
      { selector: 'edge.minor', style: { 'min-zoomed-font-size': 14 } },
      { selector: '.faded', style: { opacity: 0.15 } },
      { selector: 'edge.on-path', style: { width: 3, 'line-color': '#2f6db5', 'target-arrow-color': '#2f6db5' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#2f6db5', 'overlay-opacity': 0 } },
      {
        selector: 'edge:selected',
        style: { width: 3.5, 'line-color': '#2f6db5', 'target-arrow-color': '#2f6db5', color: '#1a4f8f', 'font-weight': 'bold' }
      }
    ]
  });

  // The canvas follows its box, which changes with the window and with the
  // messages above it.
  if (window.ResizeObserver) {
    new ResizeObserver(function () { cy.resize(); }).observe($('cy'));
  }

  // drawn describes what is on the canvas: the state it was drawn from, its
  // nodes and edges by ID, centrality and paths.
  var drawn = null;
  var requestSeq = 0;

  function setStatus(text) {
    $('status').textContent = text;
    $('status').title = text;
  }

  function showError(message) {
    var e = $('error');
    clear(e);
    if (!message) {
      e.hidden = true;
      return;
    }
    message.split('\n').forEach(function (line) {
      e.appendChild(h('p', { text: line }));
    });
    e.hidden = false;
  }

  // draw asks the API for what a state describes and draws it.
  function draw(s) {
    showError(null);
    var problem = checkState(s);
    if (problem) {
      showError(problem);
      return;
    }
    var seq = ++requestSeq;
    $('cy').setAttribute('aria-busy', 'true');
    setStatus('Loading…');
    var request = s.mode === 'path' ? loadPaths(s) : loadNeighborhood(s);
    request.then(function (result) {
      if (seq !== requestSeq) return;
      render(s, result);
    }, function (err) {
      if (seq !== requestSeq) return;
      showError(err instanceof ApiError ? err.message : 'The page failed: ' + err);
      setStatus(drawn ? 'The drawing shows the previous request.' : 'Nothing drawn.');
    }).then(function () {
      if (seq === requestSeq) $('cy').removeAttribute('aria-busy');
    });
  }

  // checkState says what is missing from a state before it is sent, or ''.
  function checkState(s) {
    if (s.mode === 'path') {
      if (!s.from || !s.to) return 'Give the IDs of both ends of the path (find them with the search box).';
    } else if (!s.id) {
      return 'Give the ID of a node to start from (find one with the search box).';
    }
    if (s.relationships && s.relationships.length === 0) return 'Choose at least one relationship type to follow.';
    if (s.mode !== 'path' && s.kinds && s.kinds.length === 0) return 'Choose at least one node kind to reach.';
    return '';
  }

  // intOr returns a form value as a number for the API (which refuses what
  // is out of range), or the value itself when it is not a number so that
  // the API says so.
  function intOr(v) {
    return /^-?\d+$/.test(v) ? parseInt(v, 10) : v;
  }

  function loadNeighborhood(s) {
    return gql('ExplorerNeighborhood', {
      id: s.id,
      depth: intOr(s.depth),
      limit: intOr(s.limit),
      relationships: s.relationships,
      kinds: s.kinds ? s.kinds.map(kindToEnum) : null
    }).then(function (data) {
      var g = data.neighborhood;
      if (!g) throw new ApiError('There is no node with the ID ' + s.id + '. Find one with the search box.');
      var centrality = {};
      g.centrality.forEach(function (c) {
        centrality[c.node.id] = c;
      });
      return { nodes: g.nodes, edges: g.edges, truncated: g.truncated, centrality: centrality, paths: null };
    });
  }

  function loadPaths(s) {
    return gql('ExplorerPaths', {
      from: s.from,
      to: s.to,
      maxLength: intOr(s.maxLength),
      limit: intOr(s.limit),
      relationships: s.relationships
    }).then(function (data) {
      var paths = data.allShortestPaths;
      var nodes = [];
      var edges = [];
      var seen = {};
      paths.forEach(function (p) {
        p.nodes.forEach(function (n) {
          if (!seen[n.id]) {
            seen[n.id] = true;
            nodes.push(n);
          }
        });
        p.edges.forEach(function (e) {
          if (!seen['edge ' + e.id]) {
            seen['edge ' + e.id] = true;
            edges.push(e);
          }
        });
      });
      var limit = intOr(s.limit);
      return {
        nodes: nodes, edges: edges, centrality: degrees(nodes, edges), paths: paths,
        truncated: typeof limit === 'number' && paths.length >= limit
      };
    });
  }

  // degrees computes the degree of each node of a drawing made of paths
  // (the API gives centrality with neighbourhoods only).
  function degrees(nodes, edges) {
    var out = {};
    nodes.forEach(function (n) {
      out[n.id] = { degree: 0, betweenness: null };
    });
    edges.forEach(function (e) {
      if (out[e.from]) out[e.from].degree++;
      if (out[e.to]) out[e.to].degree++;
    });
    return out;
  }

  // render puts a result on the canvas.
  function render(s, result) {
    drawn = { state: s, nodes: {}, edges: {}, centrality: result.centrality, paths: result.paths, truncated: result.truncated };
    var elements = [];
    result.nodes.forEach(function (n) {
      drawn.nodes[n.id] = n;
      var info = kindInfo(n.__typename);
      var classes = [];
      if (s.mode === 'path' ? n.id === s.from || n.id === s.to : n.id === s.id) classes.push('start');
      elements.push({
        group: 'nodes',
        data: { id: n.id, label: n.label, kind: n.__typename, color: info.color, shape: info.shape, size: MIN_SIZE },
        classes: classes
      });
    });
    result.edges.forEach(function (e) {
      if (!drawn.nodes[e.from] || !drawn.nodes[e.to]) return;
      drawn.edges[e.id] = e;
      elements.push({ group: 'edges', data: { id: e.id, source: e.from, target: e.to, type: e.type } });
    });
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elements);
    });
    resize();
    declutter();
    runLayout();
    updateLegend();
    updateStatus();
    showSummary();
    showSelection(null);
    $('size').disabled = !!result.paths;
    $('download').disabled = result.nodes.length === 0;
    $('download-status').textContent = '';
  }

  // resize sizes the nodes by the measure chosen.
  function resize() {
    if (!drawn) return;
    // Every node of a path is on it: they are drawn alike.
    var by = drawn.paths ? 'none' : $('size').value;
    var max = 0;
    Object.keys(drawn.centrality).forEach(function (id) {
      max = Math.max(max, drawn.centrality[id][by] || 0);
    });
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var c = drawn.centrality[n.id()];
        if (by === 'none') {
          n.data('size', PLAIN_SIZE);
          return;
        }
        var v = c && max > 0 ? (c[by] || 0) / max : 0;
        n.data('size', MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(v));
      });
    });
  }

  // LABELLED is how many nodes keep their label at any zoom in a large
  // drawing (the start and the most central), and BUSY how many elements
  // make a drawing large.
  var LABELLED = 25;
  var BUSY = 60;

  // declutter marks as minor the labels that a large drawing shows only
  // when zoomed in.
  function declutter() {
    var nodes = cy.nodes();
    var edges = cy.edges();
    cy.batch(function () {
      cy.elements().removeClass('minor major');
      if (nodes.length > BUSY) {
        var ranked = nodes.sort(function (a, b) {
          return rank(b) - rank(a) || (a.id() < b.id() ? -1 : 1);
        });
        ranked.forEach(function (n, i) {
          n.addClass(i < LABELLED || n.hasClass('start') ? 'major' : 'minor');
        });
      }
      if (edges.length > BUSY) edges.addClass('minor');
    });
  }

  // rank orders nodes by centrality: betweenness, then degree.
  function rank(n) {
    var c = drawn.centrality[n.id()];
    return c ? (c.betweenness || 0) * 1e6 + c.degree : 0;
  }

  // runLayout places the nodes with the layout chosen: by default
  // force-directed for a neighbourhood, in layers from the start for paths.
  function runLayout() {
    if (!drawn || cy.nodes().length === 0) return;
    var s = drawn.state;
    var name = $('layout').value;
    if (name === 'auto') name = drawn.paths ? 'layers' : 'cose';
    var starts = cy.nodes('.start');
    var first = s.mode === 'path' ? cy.getElementById(s.from) : cy.getElementById(s.id);
    var opts = { name: name, animate: false, fit: true, padding: 30 };
    if (name === 'breadthfirst') {
      cy.nodes().addClass('label-right');
    } else {
      cy.nodes().removeClass('label-right');
    }
    switch (name) {
      case 'cose':
        opts.nodeDimensionsIncludeLabels = true;
        var many = cy.nodes().length > BUSY;
        opts.idealEdgeLength = function () { return many ? 50 : 90; };
        opts.nodeRepulsion = function () { return many ? 4500 : 9000; };
        opts.numIter = 1500;
        opts.randomize = true;
        break;
      case 'breadthfirst':
        opts.directed = false;
        opts.roots = first.length ? first : starts;
        opts.spacingFactor = drawn.paths ? 1.4 : 1.1;
        opts.nodeDimensionsIncludeLabels = true;
        break;
      case 'concentric':
        // Rings by distance from the start: the start in the middle.
        var dist = distances(first.length ? first.id() : '');
        opts.concentric = function (n) {
          return dist[n.id()] === undefined ? 0 : 100 - dist[n.id()];
        };
        opts.levelWidth = function () { return 1; };
        opts.minNodeSpacing = 10;
        break;
      case 'layers':
        // Columns by distance from the start, left to right.
        opts.name = 'preset';
        opts.positions = layerPositions(first.length ? first.id() : '');
        break;
      case 'circle':
      case 'grid':
        opts.avoidOverlap = true;
        break;
    }
    var layout = cy.layout(opts);
    layout.one('layoutstop', function () {
      if (name === 'cose') fitAspect();
      // A small drawing is not blown up past a readable size.
      if (cy.zoom() > MAX_FIT_ZOOM) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center();
      }
    });
    layout.run();
  }

  var MAX_FIT_ZOOM = 1.25;
  var LAYER_GAP = 230;
  var ROW_GAP = 70;

  // layerPositions places the nodes in columns by their distance from the
  // node start, each column centred, in the order of the paths (or of IDs);
  // the nodes the start does not reach go in a last column.
  function layerPositions(start) {
    var dist = distances(start);
    var order = [];
    var seen = {};
    (drawn.paths || []).forEach(function (p) {
      p.nodes.forEach(function (n) {
        if (!seen[n.id]) { seen[n.id] = true; order.push(n.id); }
      });
    });
    Object.keys(drawn.nodes).sort().forEach(function (id) {
      if (!seen[id]) { seen[id] = true; order.push(id); }
    });
    var far = 0;
    order.forEach(function (id) {
      if (dist[id] !== undefined) far = Math.max(far, dist[id]);
    });
    var columns = [];
    order.forEach(function (id) {
      var d = dist[id] === undefined ? far + 1 : dist[id];
      (columns[d] = columns[d] || []).push(id);
    });
    var pos = {};
    columns.forEach(function (col, d) {
      col.forEach(function (id, i) {
        pos[id] = { x: d * LAYER_GAP, y: (i - (col.length - 1) / 2) * ROW_GAP };
      });
    });
    return pos;
  }

  // distances returns the number of drawn relationships, followed either
  // way, from the node start to every node it reaches.
  function distances(start) {
    var dist = {};
    if (!start) return dist;
    dist[start] = 0;
    var queue = [start];
    while (queue.length) {
      var id = queue.shift();
      cy.getElementById(id).neighborhood('node').forEach(function (n) {
        if (dist[n.id()] === undefined) {
          dist[n.id()] = dist[id] + 1;
          queue.push(n.id());
        }
      });
    }
    return dist;
  }

  // fitAspect turns a force-directed drawing a quarter (a reflection across
  // its diagonal, which keeps every distance) when it is tall in a wide
  // canvas or wide in a tall one, so that it fills the canvas.
  function fitAspect() {
    var bb = cy.nodes().boundingBox();
    if ((bb.h > bb.w) === (cy.height() > cy.width())) return;
    cy.batch(function () {
      cy.nodes().positions(function (n) {
        var p = n.position();
        return { x: p.y, y: p.x };
      });
    });
    cy.fit(undefined, 30);
  }

  function updateLegend() {
    var legend = $('legend');
    clear(legend);
    var counts = {};
    cy.nodes().forEach(function (n) {
      var k = n.data('kind');
      counts[k] = (counts[k] || 0) + 1;
    });
    var kinds = Object.keys(counts).sort();
    legend.hidden = kinds.length === 0;
    legend.appendChild(h('h2', { text: 'Kinds' }));
    var ul = h('ul');
    kinds.forEach(function (k) {
      ul.appendChild(h('li', null, [legendSwatch(k), ' ' + k + ' ', h('span', { class: 'count', text: String(counts[k]) })]));
    });
    legend.appendChild(ul);
    if (drawn && !drawn.paths && $('size').value !== 'none') {
      legend.appendChild(h('p', { class: 'hint', text: 'Size: ' + $('size').value }));
    }
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  function labelOf(id) {
    var n = drawn && drawn.nodes[id];
    return n ? n.label : id;
  }

  function updateStatus() {
    var s = drawn.state;
    var n = cy.nodes().length;
    var m = cy.edges().length;
    var what;
    if (s.mode === 'path') {
      var paths = drawn.paths;
      if (paths.length === 0) {
        what = 'No path from ' + s.from + ' to ' + s.to + ' within ' + s.maxLength + ' relationships' +
          (s.relationships ? ' of the types chosen' : '') + ' (or an ID is unknown).';
      } else {
        what = plural(paths.length, 'shortest path', 'shortest paths') + ' of length ' + paths[0].length +
          ' from ' + labelOf(s.from) + ' to ' + labelOf(s.to) + ': ' + plural(n, 'node', 'nodes') + ', ' +
          plural(m, 'relationship', 'relationships') + '.';
      }
    } else {
      what = plural(n, 'node', 'nodes') + ' and ' + plural(m, 'relationship', 'relationships') + ' within ' +
        plural(Number(s.depth), 'relationship', 'relationships') + ' of ' + labelOf(s.id) + '.';
    }
    setStatus(what);
    var t = $('truncated');
    t.hidden = !drawn.truncated;
    t.textContent = drawn.truncated ? 'Truncated at ' + plural(Number(s.limit), s.mode === 'path' ? 'path' : 'node', s.mode === 'path' ? 'paths' : 'nodes') : '';
    t.title = truncationNote(s);
  }

  // truncationNote says what a truncated drawing leaves out, or ''.
  function truncationNote(s) {
    if (!drawn.truncated) return '';
    return s.mode === 'path'
      ? 'There may be more than ' + s.limit + ' shortest paths: raise the limit to see them.'
      : 'The limit of ' + s.limit + ' nodes cut the neighbourhood short: the closest nodes are kept. ' +
        'Raise the limit, or choose fewer relationship types or node kinds.';
  }

  // ---- the side panel ----

  // showSummary lists, when nothing is selected, the nodes by centrality or
  // the paths step by step: a way through the drawing without the canvas.
  function showSummary() {
    var box = $('summary');
    clear(box);
    if (!drawn) return;
    document.querySelector('#overview .intro').hidden = true;
    if (drawn.truncated) {
      box.appendChild(h('p', { class: 'warning', text: truncationNote(drawn.state) }));
    }
    if (drawn.paths) {
      box.appendChild(h('h2', { text: drawn.paths.length ? (drawn.paths.length === 1 ? 'The path' : 'The paths') : 'No path' }));
      box.appendChild(h('p', { class: 'hint', text: 'Arrows show which way each relationship goes: ↓ from the node above to the one below, ↑ the other way.' }));
      if (drawn.paths.length > 1) {
        box.appendChild(h('p', { class: 'hint', text: 'Highlight a path to pick it out of the drawing.' }));
      }
      var ol = h('ol', { class: 'paths' });
      drawn.paths.forEach(function (p, i) {
        var steps = h('ol', { class: 'steps', 'aria-label': 'Path ' + (i + 1) + ', step by step' });
        p.nodes.forEach(function (n, j) {
          if (j > 0) {
            var e = p.edges[j - 1];
            var forward = e.from === p.nodes[j - 1].id;
            steps.appendChild(h('li', { class: 'edge-step' }, [
              h('span', { 'aria-hidden': 'true', text: forward ? '↓ ' : '↑ ' }),
              h('button', {
                type: 'button', class: 'link', title: 'Show this relationship and its source',
                'aria-label': e.type + (forward ? ', from ' : ', to ') + 'the node above; show its source',
                onclick: function () { select(e.id); }
              }, [e.type])
            ]));
          }
          steps.appendChild(h('li', { class: 'node-step' }, [nodeButton(n.id)]));
        });
        ol.appendChild(h('li', null, [
          drawn.paths.length > 1
            ? h('button', { type: 'button', class: 'small', onclick: function () { highlightPath(p); } }, ['Highlight path ' + (i + 1)])
            : null,
          steps
        ]));
      });
      box.appendChild(ol);
      return;
    }
    var ranked = Object.keys(drawn.nodes).sort(function (a, b) {
      var ca = drawn.centrality[a] || {}, cb = drawn.centrality[b] || {};
      return (cb.betweenness || 0) - (ca.betweenness || 0) || (cb.degree || 0) - (ca.degree || 0) || (a < b ? -1 : a > b ? 1 : 0);
    });
    box.appendChild(h('h2', { text: 'Nodes by betweenness' }));
    var table = h('table', { class: 'ranking' }, [
      h('thead', null, [h('tr', null, [
        h('th', { scope: 'col', text: 'Node' }), h('th', { scope: 'col', text: 'Betweenness' }), h('th', { scope: 'col', text: 'Degree' })
      ])])
    ]);
    var tbody = h('tbody');
    ranked.forEach(function (id) {
      var c = drawn.centrality[id] || {};
      tbody.appendChild(h('tr', null, [
        h('td', null, [nodeButton(id)]),
        h('td', { class: 'num', text: c.betweenness === undefined ? '' : c.betweenness.toFixed(3) }),
        h('td', { class: 'num', text: c.degree === undefined ? '' : String(c.degree) })
      ]));
    });
    table.appendChild(tbody);
    box.appendChild(table);
  }

  // nodeButton is a button that selects a drawn node (or a plain ID when the
  // node is not drawn).
  function nodeButton(id) {
    if (!drawn || !drawn.nodes[id]) return h('code', { text: id });
    return h('button', {
      type: 'button', class: 'link', title: id,
      onclick: function () { select(id); }
    }, [legendSwatch(drawn.nodes[id].__typename), h('span', { class: 'swatched', text: drawn.nodes[id].label })]);
  }

  function highlightPath(p) {
    var ids = {};
    p.nodes.forEach(function (n) { ids[n.id] = true; });
    p.edges.forEach(function (e) { ids[e.id] = true; });
    cy.batch(function () {
      cy.elements().removeClass('faded on-path');
      cy.elements().forEach(function (el) {
        el.addClass(ids[el.id()] ? (el.isEdge() ? 'on-path' : '') : 'faded');
      });
    });
  }

  // select selects a drawn node or edge and shows it in the panel.
  function select(id) {
    var el = cy.getElementById(id);
    if (!el.length) return;
    cy.elements().unselect();
    el.select();
    // Pan only to bring into view what is out of it.
    var bb = el.renderedBoundingBox();
    if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) {
      cy.animate({ center: { eles: el }, duration: 200 });
    }
    showSelection(el);
  }

  var detailSeq = 0;

  // showSelection shows a node or an edge in the panel, or the summary when
  // el is null.
  function showSelection(el) {
    var box = $('selection');
    clear(box);
    cy.elements().removeClass('faded on-path');
    $('overview').hidden = !!el;
    if (!el) return;
    box.appendChild(h('button', {
      type: 'button', class: 'small back', onclick: function () { cy.elements().unselect(); showSelection(null); }
    }, [drawn && drawn.paths ? '← All paths' : '← All nodes']));
    if (el.isNode()) {
      showNode(box, drawn.nodes[el.id()]);
    } else {
      showEdge(box, drawn.edges[el.id()]);
    }
  }

  function showNode(box, n) {
    var c = drawn.centrality[n.id] || {};
    box.appendChild(h('h2', null, [legendSwatch(n.__typename), ' ', n.label]));
    var facts = [['Kind', n.__typename], ['ID', h('code', { text: n.id })]];
    if (c.degree !== undefined) {
      facts.push(['Degree', String(c.degree)]);
    }
    if (c.betweenness !== null && c.betweenness !== undefined) {
      facts.push(['Betweenness', c.betweenness.toFixed(3)]);
    }
    box.appendChild(dl(facts));

    var actions = h('div', { class: 'actions' });
    actions.appendChild(h('button', {
      type: 'button', class: 'primary',
      onclick: function () { go(neighborhoodOf(n.id)); }
    }, ['Expand from here']));
    actions.appendChild(h('button', {
      type: 'button', onclick: function () { setPathEnd('from', n.id); }
    }, ['Path from here']));
    actions.appendChild(h('button', {
      type: 'button', onclick: function () { setPathEnd('to', n.id); }
    }, ['Path to here']));
    actions.appendChild(h('a', { href: playgroundURL(n.id), target: '_blank', rel: 'noopener' }, ['Open in the playground']));
    box.appendChild(actions);

    var more = h('div', { class: 'node-details' }, [h('p', { class: 'hint', text: 'Loading its facts…' })]);
    box.appendChild(more);
    var seq = ++detailSeq;
    gql('ExplorerNode', { id: n.id }).then(function (data) {
      if (seq !== detailSeq) return;
      clear(more);
      var node = data.node;
      if (!node) {
        more.appendChild(h('p', { text: 'The node is no longer in the graph.' }));
        return;
      }
      var rows = [];
      Object.keys(node).forEach(function (k) {
        if (['__typename', 'id', 'label', 'sources'].indexOf(k) >= 0) return;
        var v = node[k];
        if (v === null || v === undefined || v === '') return;
        rows.push([words(k), String(v)]);
      });
      if (rows.length) {
        more.appendChild(h('h3', { text: 'Facts' }));
        more.appendChild(dl(rows, 'facts'));
      }
      more.appendChild(h('h3', { text: node.sources.length === 1 ? 'Source' : 'Sources' }));
      if (node.sources.length === 0) {
        more.appendChild(h('p', { class: 'hint', text: 'No source recorded for the node itself.' }));
      }
      node.sources.forEach(function (src) {
        more.appendChild(provenance(src));
      });
    }, function (err) {
      if (seq !== detailSeq) return;
      clear(more);
      more.appendChild(h('p', { class: 'error', role: 'alert', text: err instanceof ApiError ? err.message : String(err) }));
    });
  }

  function showEdge(box, e) {
    box.appendChild(h('h2', { text: e.type }));
    box.appendChild(dl([
      ['From', nodeButton(e.from)],
      ['To', nodeButton(e.to)],
      ['ID', h('code', { text: e.id })]
    ]));
    var props = Object.keys(e.properties || {}).sort();
    if (props.length) {
      box.appendChild(h('h3', { text: 'Properties' }));
      box.appendChild(dl(props.map(function (k) {
        var v = e.properties[k];
        return [words(k), typeof v === 'string' ? v : JSON.stringify(v)];
      }), 'facts'));
    }
    box.appendChild(h('h3', { text: 'Source' }));
    box.appendChild(provenance(e.source));
  }

  // provenance shows where a fact comes from.
  function provenance(src) {
    var rows = [];
    if (src.document) rows.push(['Document', src.document]);
    if (src.locator) rows.push(['Locator', src.locator]);
    [['Paragraph', src.paragraph], ['Footnote', src.footnote]].forEach(function (p) {
      if (!p[1]) return;
      rows.push([p[0], h('span', null, [
        h('code', { text: p[1].id }), ' ',
        h('button', {
          type: 'button', class: 'link', onclick: function () { go(neighborhoodOf(p[1].id)); }
        }, ['draw it'])
      ])]);
    });
    if (src.citation) rows.push(['Citation', src.citation]);
    if (src.url) rows.push(['URL', safeLink(src.url)]);
    rows.push(['Basis', src.basis]);
    if (src.note) rows.push(['Note', src.note]);
    return dl(rows, 'provenance');
  }

  // safeLink links to a web address, and shows anything else as text.
  function safeLink(u) {
    try {
      var url = new URL(u);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        return h('a', { href: url.toString(), target: '_blank', rel: 'noopener noreferrer' }, [u]);
      }
    } catch (e) {
      // not a URL: shown as text
    }
    return document.createTextNode(u);
  }

  function dl(rows, cls) {
    var d = h('dl', { class: cls || null });
    rows.forEach(function (r) {
      d.appendChild(h('dt', { text: r[0] }));
      d.appendChild(h('dd', null, [r[1]]));
    });
    return d;
  }

  // words turns a field name (entryIntoForce) into words (entry into force).
  function words(k) {
    var w = k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    return w.charAt(0).toUpperCase() + w.slice(1);
  }

  function neighborhoodOf(id) {
    var s = drawn ? drawn.state : stateFromForm();
    return Object.assign({}, s, {
      mode: 'neighborhood', id: id,
      depth: s.mode === 'path' ? DEFAULTS.depth : s.depth,
      limit: s.mode === 'path' ? DEFAULTS.limit : s.limit,
      kinds: s.mode === 'path' ? null : s.kinds
    });
  }

  // setPathEnd puts a node ID at one end of the path form and, when both
  // ends are known, draws the paths.
  function setPathEnd(end, id) {
    var s = stateFromForm();
    s.mode = 'path';
    s[end] = id;
    if (drawn && drawn.state.mode === 'neighborhood' && end === 'to' && !s.from) s.from = drawn.state.id;
    if (drawn && drawn.state.mode === 'neighborhood' && end === 'from' && !s.to) s.to = '';
    s.limit = $('pathLimit').value || DEFAULTS.pathLimit;
    if (s.from && s.to) {
      go(s);
    } else {
      fillForm(s);
      $(end === 'from' ? 'to' : 'from').focus();
    }
  }

  // playgroundURL opens, in the playground, a query of the node with its
  // relationships and their sources.
  function playgroundURL(id) {
    var query = '# ' + id + ', from the graph explorer\n' +
      'query ExploredNode {\n' +
      '  node(id: ' + JSON.stringify(id) + ') {\n' +
      '    __typename\n    id\n    label\n' +
      '    sources { document locator citation url basis }\n' +
      '    relationships {\n      type\n      direction\n      node { id label }\n' +
      '      properties\n      source { document locator citation url basis }\n    }\n' +
      '  }\n}\n';
    var u = new URL(config.playground, window.location.href);
    u.searchParams.set('query', query);
    return u.toString();
  }

  // ---- download ----

  // exportURL returns the export of what is drawn: the same neighbourhood
  // or paths, with the same parameters.
  function exportURL(format) {
    var s = drawn.state;
    var q = new URLSearchParams();
    q.set('format', format);
    if (s.mode === 'path') {
      q.set('from', s.from);
      q.set('to', s.to);
      q.set('all', 'true');
      q.set('maxLength', s.maxLength);
      q.set('limit', s.limit);
    } else {
      q.set('root', s.id);
      q.set('depth', s.depth);
      q.set('limit', s.limit);
      if (s.kinds) q.set('kinds', s.kinds.join(','));
    }
    if (s.relationships) q.set('relationships', s.relationships.join(','));
    var u = new URL(config.export, window.location.href);
    u.search = q.toString();
    return u.toString();
  }

  function download() {
    if (!drawn) return;
    var status = $('download-status');
    var url = exportURL($('format').value);
    status.textContent = 'Preparing the download…';
    fetch(url).then(function (res) {
      if (!res.ok) {
        return res.text().then(function (text) {
          var msg = res.status + ' ' + res.statusText;
          try {
            var body = JSON.parse(text);
            if (body.error) msg = body.error.message + ' (' + body.error.code + ')';
          } catch (e) {
            // not JSON: the status says enough
          }
          throw new ApiError('The export failed: ' + msg);
        });
      }
      var name = fileName(res.headers.get('Content-Disposition')) || 'nexus-export';
      var nodes = res.headers.get('X-Nexus-Nodes');
      var rels = res.headers.get('X-Nexus-Relationships');
      return res.blob().then(function (blob) {
        var a = h('a', { href: URL.createObjectURL(blob), download: name });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
        status.textContent = 'Downloaded ' + name + (nodes ? ': ' + nodes + ' nodes, ' + rels + ' relationships.' : '.');
      });
    }).catch(function (err) {
      status.textContent = '';
      showError(err instanceof ApiError ? err.message : 'The export could not be downloaded: ' + err);
    });
  }

  function fileName(disposition) {
    var m = /filename="?([^";]+)"?/.exec(disposition || '');
    return m ? m[1] : '';
  }

  // ---- search ----

  var searchSeq = 0;
  var searchTimer = null;

  function search(text) {
    var results = $('search-results');
    var status = $('search-status');
    var seq = ++searchSeq;
    if (text.trim().length < 2) {
      clear(results);
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    gql('ExplorerSearch', { text: text }).then(function (data) {
      if (seq !== searchSeq) return;
      clear(results);
      status.textContent = data.search.length === 0 ? 'No node matches.' : plural(data.search.length, 'match', 'matches') + '.';
      data.search.forEach(function (hit) {
        var n = hit.node;
        results.appendChild(h('li', null, [
          h('div', { class: 'hit' }, [legendSwatch(n.__typename), ' ', h('span', { class: 'hit-label', text: n.label }),
            ' ', h('code', { text: n.id })]),
          h('div', { class: 'hit-actions' }, [
            h('button', { type: 'button', class: 'small', 'aria-label': 'Draw the neighbourhood of ' + n.label, onclick: function () { go(neighborhoodOf(n.id)); } }, ['Draw']),
            h('button', { type: 'button', class: 'small', 'aria-label': 'Path from ' + n.label, onclick: function () { setPathEnd('from', n.id); } }, ['From']),
            h('button', { type: 'button', class: 'small', 'aria-label': 'Path to ' + n.label, onclick: function () { setPathEnd('to', n.id); } }, ['To'])
          ])
        ]));
      });
    }, function (err) {
      if (seq !== searchSeq) return;
      clear(results);
      status.textContent = err instanceof ApiError ? err.message : String(err);
    });
  }

  // ---- navigation ----

  // go draws a state and records it in the history, so that the URL can be
  // shared and Back returns to the previous drawing.
  function go(s) {
    fillForm(s);
    var url = urlOf(s);
    if (url !== window.location.search) {
      window.history.pushState(null, '', url);
    }
    draw(s);
  }

  function fromURL() {
    var s = stateFromURL();
    fillForm(s);
    if (s.id || s.from || s.to) {
      draw(s);
    }
  }

  $('form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    go(stateFromForm());
  });
  document.querySelectorAll('input[name="mode"]').forEach(function (r) {
    r.addEventListener('change', function () { showMode(r.value); });
  });
  document.querySelectorAll('button[data-check]').forEach(function (b) {
    b.addEventListener('click', function () {
      var group = b.getAttribute('data-check');
      setChecked(group, b.getAttribute('data-value') === 'all' ? null : []);
    });
  });
  $('layout').addEventListener('change', function () {
    runLayout();
    if (drawn) window.history.replaceState(null, '', urlOf(Object.assign(drawn.state, { layout: $('layout').value })));
  });
  $('size').addEventListener('change', function () {
    resize();
    updateLegend();
    if (drawn) window.history.replaceState(null, '', urlOf(Object.assign(drawn.state, { size: $('size').value })));
  });
  $('download').addEventListener('click', download);
  $('search').addEventListener('input', function (ev) {
    clearTimeout(searchTimer);
    var text = ev.target.value;
    searchTimer = setTimeout(function () { search(text); }, 250);
  });
  $('search').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      clearTimeout(searchTimer);
      search(ev.target.value);
    }
  });
  window.addEventListener('popstate', fromURL);

  cy.on('tap', 'node, edge', function (ev) {
    showSelection(ev.target);
  });
  cy.on('tap', function (ev) {
    if (ev.target === cy) showSelection(null);
  });

  loadChoices().catch(function (err) {
    showError('The relationship types and node kinds could not be loaded: ' + (err instanceof ApiError ? err.message : err));
  }).then(fromURL);
})();
