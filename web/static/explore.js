// The graph explorer: draws the neighbourhood of a node, or the shortest
// paths between two nodes, from the GraphQL endpoint with Cytoscape.js.
//
// The server puts in #explorer's data-config attribute the endpoint, the
// export URL, the playground's URL and the GraphQL document of every request
// the page makes (one named operation each, see gql). The whole state of the
// drawing lives in the page's URL (what was asked for, the nodes expanded
// from, the groups opened, the nodes hidden and pinned, the selection), so
// that a view can be shared, reloaded and walked back. Text from the graph is
// only ever set as text (textContent, attributes), never parsed as HTML.
//
// A node with more than FAN neighbours of one kind through one relationship
// type (the 193 Member States of the United Nations, say) draws those of them
// that have no other relationship in the drawing as one group node with their
// count; the group opens on request and closes again. Every change to the
// drawing is kept in a history that Undo (and Ctrl+Z) walks back.
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

  // How a group of nodes is named: "193 States", "14 Crime types".
  var PLURALS = { Body: 'Bodies', Activity: 'Activities', CrimeType: 'Crime types' };

  // SVG outlines of the shapes, in a 16×16 box, for the legend and the
  // pictures downloaded.
  var SHAPE_POINTS = {
    octagon: '5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5',
    pentagon: '8,1 15,6.5 12.5,15 3.5,15 1,6.5',
    hexagon: '4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8',
    diamond: '8,0.5 15.5,8 8,15.5 0.5,8',
    triangle: '8,1 15.5,15 0.5,15',
    rectangle: '1.5,3 14.5,3 14.5,13 1.5,13'
  };
  var SVG_NS = 'http://www.w3.org/2000/svg';

  var MIN_SIZE = 18;
  var MAX_SIZE = 60;
  var PLAIN_SIZE = 30;
  var FAN_SIZE = 56;

  // FAN is how many neighbours of one kind, through one relationship type
  // followed one way, a node has at most before they are drawn as a group.
  var FAN = 12;
  // MAX_LIMIT is the largest node limit the API takes for a neighbourhood:
  // the page asks for it, so that a drawing is cut short only where the API
  // must cut it.
  var MAX_LIMIT = 1000;
  // EDGE_HIT is how far, in pixels on the screen, from the line of a
  // relationship a click or a hover still reaches it.
  var EDGE_HIT = 8;
  // UNDO_DEPTH is how many changes Undo can walk back.
  var UNDO_DEPTH = 100;

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

  // svg creates an SVG element with attributes and, optionally, a text.
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) {
        e.setAttribute(k, String(attrs[k]));
      }
    });
    if (text !== undefined) {
      e.textContent = text;
    }
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

  // kindPlural names n (more than one) nodes of a kind.
  function kindPlural(kind, n) {
    return n + ' ' + (PLURALS[kind] || kind + 's');
  }

  // shapeOutline returns the SVG element of a shape filling a box of width w
  // and height ht centred on (x, y).
  function shapeOutline(shape, x, y, w, ht) {
    if (SHAPE_POINTS[shape]) {
      var pts = SHAPE_POINTS[shape].split(' ').map(function (p) {
        var xy = p.split(',');
        return (x + (Number(xy[0]) - 8) / 16 * w).toFixed(1) + ',' + (y + (Number(xy[1]) - 8) / 16 * ht).toFixed(1);
      });
      // The legend's outlines leave a margin in their box; a drawn node's fills it.
      if (shape === 'rectangle') {
        pts = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(function (c) {
          return (x + c[0] * w / 2).toFixed(1) + ',' + (y + c[1] * ht / 2).toFixed(1);
        });
      }
      return svg('polygon', { points: pts.join(' ') });
    }
    if (shape === 'round-rectangle') {
      return svg('rect', {
        x: (x - w / 2).toFixed(1), y: (y - ht / 2).toFixed(1), width: w.toFixed(1), height: ht.toFixed(1),
        rx: Math.min(w, ht) / 4
      });
    }
    return svg('ellipse', { cx: x.toFixed(1), cy: y.toFixed(1), rx: (w / 2).toFixed(1), ry: (ht / 2).toFixed(1) });
  }

  // legendSwatch draws a kind's shape in its colour, doubled for a group.
  function legendSwatch(kind, group) {
    var info = kindInfo(kind);
    var box = svg('svg', { viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true' });
    var shape;
    if (SHAPE_POINTS[info.shape]) {
      shape = svg('polygon', { points: SHAPE_POINTS[info.shape] });
    } else if (info.shape === 'round-rectangle') {
      shape = svg('rect', { x: 1.5, y: 3, width: 13, height: 10, rx: 3 });
    } else {
      shape = svg('circle', { cx: 8, cy: 8, r: 7 });
    }
    shape.setAttribute('fill', info.color);
    shape.setAttribute('stroke', group ? '#1d2733' : '#555');
    shape.setAttribute('stroke-width', group ? '2.5' : '1');
    box.appendChild(shape);
    return box;
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

  var DEFAULTS = {
    mode: 'neighborhood', depth: '1', limit: String(MAX_LIMIT), maxLength: '6', pathLimit: '10',
    layout: 'auto', size: 'betweenness'
  };

  // A state is what the URL says: what to ask the API for (mode, id, depth,
  // limit, from, to, maxLength, relationships, kinds), how to draw it
  // (layout, size), and what was done to the drawing since: the nodes
  // expanded from (more), the groups opened (open, by key), the nodes and
  // groups hidden (hide), the nodes pinned with their positions (pin) and
  // the node or relationship selected (sel).

  // stateFromURL reads the state from the page's URL.
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
      size: q.get('size') || DEFAULTS.size,
      more: unique(q.getAll('more')),
      open: unique(q.getAll('open')),
      hide: unique(q.getAll('hide')),
      pin: {},
      sel: q.get('sel') || ''
    };
    q.getAll('pin').forEach(function (p) {
      var m = /^(.+)@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(p);
      if (m) s.pin[m[1]] = { x: Number(m[2]), y: Number(m[3]) };
    });
    return s;
  }

  function list(v) {
    return v ? v.split(',').map(function (x) { return x.trim(); }).filter(Boolean) : null;
  }

  function unique(values) {
    var seen = {};
    return values.filter(function (v) {
      if (!v || seen[v]) return false;
      seen[v] = true;
      return true;
    });
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
    s.more.forEach(function (id) { q.append('more', id); });
    s.open.forEach(function (key) { q.append('open', key); });
    s.hide.forEach(function (id) { q.append('hide', id); });
    Object.keys(s.pin).forEach(function (id) {
      q.append('pin', id + '@' + Math.round(s.pin[id].x) + ',' + Math.round(s.pin[id].y));
    });
    if (s.sel) q.set('sel', s.sel);
    // Keep the separators of IDs readable in the address bar.
    return '?' + q.toString().replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%2C/g, ',')
      .replace(/%7C/g, '|').replace(/%40/g, '@');
  }

  // baseOf returns what a state asks the API for, as a string: two states
  // with the same base draw the same nodes before what was done to them.
  function baseOf(s) {
    return JSON.stringify(s.mode === 'path'
      ? ['path', s.from, s.to, s.maxLength, s.limit, s.relationships]
      : ['neighborhood', s.id, s.depth, s.limit, s.relationships, s.kinds]);
  }

  function copyState(s) {
    return JSON.parse(JSON.stringify(s));
  }

  // stateFromForm reads the state the form describes: a new drawing.
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
      size: $('size').value,
      more: [], open: [], hide: [], pin: {}, sel: ''
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

  // ---- the canvas ----

  var cy = cytoscape({
    container: $('cy'),
    minZoom: 0.05,
    maxZoom: 4,
    // The page picks what a click reaches (see pick) and marks it chosen.
    autounselectify: true,
    boxSelectionEnabled: false,
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
          'text-wrap': 'wrap',
          'text-max-width': '120px',
          'text-overflow-wrap': 'whitespace',
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
      // A group of nodes: the shape of their kind with a double border and
      // their count, always labelled; its relationship says how many it stands for.
      {
        selector: 'node.fan',
        style: {
          'border-width': 5, 'border-style': 'double', 'border-color': '#1d2733',
          'font-size': 14, 'font-weight': 'bold', 'min-zoomed-font-size': 3, 'text-margin-y': 4
        }
      },
      {
        selector: 'edge.fan-edge',
        style: { width: 4, 'line-color': '#7d8a96', 'target-arrow-color': '#7d8a96', 'font-size': 10, 'font-weight': 'bold', 'min-zoomed-font-size': 5 }
      },
      { selector: 'node.pinned', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#1d2733' } },
      { selector: 'node.start.pinned', style: { 'border-width': 4 } },
      { selector: '.faded', style: { opacity: 0.15 } },
      { selector: 'edge.on-path', style: { width: 3, 'line-color': '#2f6db5', 'target-arrow-color': '#2f6db5' } },
      { selector: 'edge.hover', style: { width: 3, 'line-color': '#5b8fd0', 'target-arrow-color': '#5b8fd0', color: '#1a4f8f', 'z-index': 10 } },
      { selector: 'node.hover', style: { 'underlay-color': '#5b8fd0', 'underlay-opacity': 0.25, 'underlay-padding': 4 } },
      { selector: 'node.chosen', style: { 'border-width': 4, 'border-style': 'solid', 'border-color': '#2f6db5' } },
      {
        selector: 'edge.chosen',
        style: { width: 3.5, 'line-color': '#2f6db5', 'target-arrow-color': '#2f6db5', color: '#1a4f8f', 'font-weight': 'bold', 'z-index': 11 }
      }
    ]
  });

  // For scripts that drive the page (the browser tests among them): the
  // Cytoscape.js instance of the drawing, and what a click at (x, y), in
  // pixels from the canvas's corner, reaches (an element's ID, or '').
  window.nexusExplorer = {
    cy: cy,
    pick: function (x, y) {
      var el = pick({ x: x, y: y });
      return el ? el.id() : '';
    }
  };

  // The canvas follows its box, which changes with the window and with the
  // messages above it.
  if (window.ResizeObserver) {
    new ResizeObserver(function () { cy.resize(); }).observe($('cy'));
  }

  // view is what is drawn: the state it was drawn from and the graph
  // behind it (see compose).
  var view = null;
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

  // setPhase says on the page whether it is loading, has drawn, or failed:
  // the canvas dims while it loads, and scripts can wait for the drawing.
  function setPhase(phase) {
    root.setAttribute('data-state', phase);
    if (phase === 'loading') {
      $('cy').setAttribute('aria-busy', 'true');
    } else {
      $('cy').removeAttribute('aria-busy');
    }
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

  // ---- loading ----

  // Answers are kept for the page's life: undo, back and the groups redraw
  // from them without asking again.
  var answers = {};

  function remembered(key, load) {
    if (!answers[key]) {
      answers[key] = load().catch(function (err) {
        delete answers[key];
        throw err;
      });
    }
    return answers[key];
  }

  // loadBase asks for what a state draws before anything is expanded.
  function loadBase(s) {
    return remembered(baseOf(s), function () {
      return s.mode === 'path' ? loadPaths(s) : loadNeighborhood(s);
    });
  }

  // loadMore asks for the nodes next to id, along the relationship types
  // (and to the node kinds) the state follows.
  function loadMore(s, id) {
    var kinds = s.mode === 'path' ? null : s.kinds;
    return remembered(JSON.stringify(['more', id, s.relationships, kinds]), function () {
      return loadNeighborhood({ id: id, depth: '1', limit: String(MAX_LIMIT), relationships: s.relationships, kinds: kinds });
    });
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

  // ---- the graph behind a drawing ----

  // compose merges what the API answered for a state (its base and each
  // node expanded from) into one graph, and finds its groups.
  function compose(s, base, mores) {
    var v = {
      s: s, nodes: {}, order: [], edges: {}, edgeOrder: [], adj: {},
      paths: base.paths, truncated: base.truncated, truncatedMore: [], failed: []
    };
    function addNode(n) {
      if (!v.nodes[n.id]) {
        v.nodes[n.id] = n;
        v.order.push(n.id);
        v.adj[n.id] = [];
      }
    }
    function addEdge(e) {
      if (v.edges[e.id] || !v.nodes[e.from] || !v.nodes[e.to]) return;
      v.edges[e.id] = e;
      v.edgeOrder.push(e.id);
      v.adj[e.from].push(e);
      if (e.to !== e.from) v.adj[e.to].push(e);
    }
    base.nodes.forEach(addNode);
    mores.forEach(function (m, i) {
      if (m.failed) {
        v.failed.push(s.more[i]);
        return;
      }
      m.nodes.forEach(addNode);
      if (m.truncated) v.truncatedMore.push(s.more[i]);
    });
    base.edges.forEach(addEdge);
    mores.forEach(function (m) {
      if (!m.failed) m.edges.forEach(addEdge);
    });
    var merged = mores.some(function (m) { return !m.failed; });
    v.centrality = merged ? centralityOf(v) : base.centrality;
    v.hidden = {};
    s.hide.forEach(function (id) { v.hidden[id] = true; });
    findFans(v);
    return v;
  }

  // centralityOf computes the degree and betweenness of every node of a
  // merged graph as the API does for a neighbourhood: relationships taken
  // either way, parallel ones as one (Brandes' algorithm), betweenness as
  // the share of the shortest paths between two other nodes.
  function centralityOf(v) {
    var ids = v.order;
    var index = {};
    ids.forEach(function (id, i) { index[id] = i; });
    var n = ids.length;
    var nbrs = ids.map(function () { return []; });
    var deg = ids.map(function () { return 0; });
    v.edgeOrder.forEach(function (eid) {
      var e = v.edges[eid];
      var a = index[e.from], b = index[e.to];
      deg[a]++;
      deg[b]++;
      if (a !== b && nbrs[a].indexOf(b) < 0) {
        nbrs[a].push(b);
        nbrs[b].push(a);
      }
    });
    var bc = ids.map(function () { return 0; });
    for (var src = 0; src < n; src++) {
      var stack = [], preds = [], sigma = [], dist = [], delta = [];
      for (var i = 0; i < n; i++) {
        preds.push([]);
        sigma.push(0);
        dist.push(-1);
        delta.push(0);
      }
      sigma[src] = 1;
      dist[src] = 0;
      var queue = [src], head = 0;
      while (head < queue.length) {
        var x = queue[head++];
        stack.push(x);
        nbrs[x].forEach(function (y) {
          if (dist[y] < 0) {
            dist[y] = dist[x] + 1;
            queue.push(y);
          }
          if (dist[y] === dist[x] + 1) {
            sigma[y] += sigma[x];
            preds[y].push(x);
          }
        });
      }
      while (stack.length) {
        var w = stack.pop();
        preds[w].forEach(function (p) {
          delta[p] += sigma[p] / sigma[w] * (1 + delta[w]);
        });
        if (w !== src) bc[w] += delta[w];
      }
    }
    // Each pair was counted from both ends.
    var pairs = n > 2 ? (n - 1) * (n - 2) : 1;
    var out = {};
    ids.forEach(function (id, i) {
      out[id] = { degree: deg[i], betweenness: bc[i] / pairs };
    });
    return out;
  }

  // starts returns the nodes a state starts from.
  function starts(s) {
    return s.mode === 'path' ? [s.from, s.to] : [s.id];
  }

  // findFans finds the groups of a graph: for each node (the hub) and each
  // relationship type, way and kind of node at its other end, when the hub
  // has more than FAN such neighbours whose every relationship in the
  // drawing is one of these, they make a group (the start and the nodes
  // expanded from stay on their own). A group's key is hub|TYPE|way|Kind,
  // the way "in" when its relationships end at the hub.
  function findFans(v) {
    var s = v.s;
    var own = {};
    starts(s).concat(s.more).forEach(function (id) { own[id] = true; });
    var buckets = {};
    var keys = [];
    v.order.forEach(function (hub) {
      if (v.hidden[hub]) return;
      v.adj[hub].forEach(function (e) {
        var other = e.from === hub ? e.to : e.from;
        if (other === hub || v.hidden[other]) return;
        var key = [hub, e.type, e.from === hub ? 'out' : 'in', v.nodes[other].__typename].join('|');
        if (!buckets[key]) {
          buckets[key] = { ids: [], seen: {} };
          keys.push(key);
        }
        if (!buckets[key].seen[other]) {
          buckets[key].seen[other] = true;
          buckets[key].ids.push(other);
        }
      });
    });
    v.fans = {};
    v.fanOrder = [];
    v.memberOf = {};
    keys.forEach(function (key) {
      var b = buckets[key];
      if (b.ids.length <= FAN) return;
      // The hub's ID is what comes before the last three parts.
      var parts = key.split('|');
      var kind = parts.pop(), dir = parts.pop(), type = parts.pop(), hub = parts.join('|');
      var members = b.ids.filter(function (m) {
        if (own[m] || v.memberOf[m]) return false;
        return v.adj[m].every(function (e) {
          var other = e.from === m ? e.to : e.from;
          if (other !== m && v.hidden[other]) return true;
          return other === hub && e.type === type && (dir === 'out' ? e.from === hub : e.to === hub);
        });
      });
      if (members.length <= FAN) return;
      members.sort(function (a, b2) {
        var la = v.nodes[a].label, lb = v.nodes[b2].label;
        return la < lb ? -1 : la > lb ? 1 : 0;
      });
      var edges = [];
      members.forEach(function (m) {
        v.adj[m].forEach(function (e) {
          if (e.from === hub || e.to === hub) edges.push(e);
        });
      });
      var f = { key: key, id: 'fan:' + key, hub: hub, type: type, dir: dir, kind: kind, members: members, edges: edges, reach: b.ids.length };
      v.fans[key] = f;
      v.fanOrder.push(key);
      members.forEach(function (m) { v.memberOf[m] = key; });
    });
  }

  // fanLabel names a group by its count and kind: "193 States".
  function fanLabel(f) {
    return kindPlural(f.kind, f.members.length);
  }

  // shown works out what a graph draws: its nodes but those hidden and
  // those in closed groups, a node for each closed group, the relationships
  // between nodes drawn, and one for each closed group.
  function shown(v) {
    var open = {};
    v.s.open.forEach(function (k) { open[k] = true; });
    var out = { nodes: [], edges: [], ids: {} };
    v.order.forEach(function (id) {
      if (v.hidden[id]) return;
      var fk = v.memberOf[id];
      if (fk && !open[fk]) return;
      out.ids[id] = true;
      out.nodes.push(id);
    });
    v.fanOrder.forEach(function (k) {
      var f = v.fans[k];
      if (open[k] || v.hidden[f.id]) return;
      out.ids[f.id] = true;
      out.nodes.push(f.id);
    });
    v.edgeOrder.forEach(function (id) {
      var e = v.edges[id];
      if (out.ids[e.from] && out.ids[e.to]) out.edges.push(id);
    });
    v.fanOrder.forEach(function (k) {
      var f = v.fans[k];
      if (out.ids[f.id] && out.ids[f.hub]) out.edges.push('fan-edge:' + k);
    });
    return out;
  }

  // fanOfElement returns the group a drawn group node or group relationship
  // stands for, or null.
  function fanOfElement(id) {
    if (!view) return null;
    var m = /^fan(?:-edge)?:(.*)$/.exec(id);
    return m ? view.fans[m[1]] || null : null;
  }

  // elementOf returns the Cytoscape.js definition of a drawn node or edge.
  function elementOf(v, id) {
    var f = fanOfElement(id);
    if (id.indexOf('fan:') === 0) {
      var info = kindInfo(f.kind);
      return {
        group: 'nodes',
        data: { id: id, label: fanLabel(f), kind: f.kind, color: info.color, shape: info.shape, size: FAN_SIZE, count: f.members.length },
        classes: ['fan']
      };
    }
    if (id.indexOf('fan-edge:') === 0) {
      return {
        group: 'edges',
        data: {
          id: id, source: f.dir === 'out' ? f.hub : f.id, target: f.dir === 'out' ? f.id : f.hub,
          type: f.type + ' ×' + f.edges.length
        },
        classes: ['fan-edge']
      };
    }
    if (v.nodes[id]) {
      var n = v.nodes[id];
      var k = kindInfo(n.__typename);
      return {
        group: 'nodes',
        data: { id: n.id, label: n.label, kind: n.__typename, color: k.color, shape: k.shape, size: MIN_SIZE },
        classes: []
      };
    }
    var e = v.edges[id];
    return { group: 'edges', data: { id: e.id, source: e.from, target: e.to, type: e.type }, classes: [] };
  }

  // ---- drawing ----

  // show draws a state. how.keep keeps the nodes already drawn where they
  // are (the state draws the same base), placing only the new ones;
  // how.positions puts nodes where they were (undo, reload), and
  // how.viewport zooms and pans as the drawing was (reload).
  function show(s, how) {
    how = how || {};
    showError(null);
    var problem = checkState(s);
    if (problem) {
      showError(problem);
      setPhase('error');
      return Promise.resolve();
    }
    var seq = ++requestSeq;
    setPhase('loading');
    if (!how.keep) setStatus('Loading…');
    var requests = [loadBase(s)].concat(s.more.map(function (id) {
      return loadMore(s, id).catch(function (err) {
        return { failed: true, error: err };
      });
    }));
    return Promise.all(requests).then(function (results) {
      if (seq !== requestSeq) return;
      render(s, results[0], results.slice(1), how);
      setPhase('drawn');
    }, function (err) {
      if (seq !== requestSeq) return;
      showError(err instanceof ApiError ? err.message : 'The page failed: ' + err);
      setStatus(view ? 'The drawing shows the previous request.' : 'Nothing drawn.');
      setPhase('error');
    });
  }

  // drawings counts the drawings made, in the data-drawings attribute of
  // #explorer: scripts wait for it to change after a change.
  var drawings = 0;

  // render puts the graph of a state on the canvas.
  function render(s, base, mores, how) {
    var v = compose(s, base, mores);
    var want = shown(v);
    var keep = !!(how.keep && view && cy.nodes().length);
    // Where the nodes drawn are, and were (those no longer drawn).
    var was = {};
    var gone = {};
    if (keep) {
      cy.nodes().forEach(function (n) {
        var p = { x: n.position().x, y: n.position().y };
        if (want.ids[n.id()]) {
          was[n.id()] = p;
        } else {
          gone[n.id()] = p;
        }
      });
    }
    var added = [];
    // Every element is made anew, the nodes kept where they were: Cytoscape.js
    // would draw an element whose label grew in the box of its old label.
    cy.batch(function () {
      cy.elements().remove();
      view = v;
      var eles = cy.add(want.nodes.concat(want.edges).map(function (id) {
        var def = elementOf(v, id);
        if (was[id]) def.position = was[id];
        return def;
      }));
      added = eles.nodes().filter(function (n) { return !was[n.id()]; }).toArray();
      starts(s).forEach(function (id) { cy.getElementById(id).addClass('start'); });
      if (keep && layoutName() === 'breadthfirst') cy.nodes().addClass('label-right');
    });
    hovered = null;
    resize();
    declutter();
    // What is said around the canvas first, since it sizes the canvas.
    updateLegend();
    updateStatus();
    cy.resize();
    var positions = how.positions || {};
    var placed = added.filter(function (n) {
      var p = positions[n.id()];
      if (p) n.position(p);
      return !p;
    });
    if (!keep && !how.positions) {
      runLayout();
    } else {
      if (how.positions) {
        cy.nodes().forEach(function (n) {
          if (positions[n.id()]) n.position(positions[n.id()]);
        });
      }
      if (placed.length) placeNew(placed, gone);
    }
    applyPins();
    if (!keep && how.positions && layoutName() === 'breadthfirst') cy.nodes().addClass('label-right');
    if (how.viewport && !placed.length) {
      cy.viewport(how.viewport);
    } else if (!keep) {
      fitDrawing();
    } else if (placed.length) {
      showAll();
    }
    savePlace();
    showSummary();
    updateTools();
    var sel = s.sel && cy.getElementById(s.sel);
    if (sel && sel.length) {
      showSelection(sel);
    } else {
      if (s.sel) {
        s.sel = '';
        history.replaceState(null, '', urlOf(s));
      }
      showSelection(null);
    }
    $('size').disabled = !!v.paths;
    $('download').disabled = cy.nodes().length === 0;
    $('download-status').textContent = '';
    root.setAttribute('data-drawings', String(++drawings));
  }

  // applyPins puts the pinned nodes where the state pins them.
  function applyPins() {
    var pin = view.s.pin;
    cy.nodes().forEach(function (n) {
      var p = pin[n.id()];
      if (p) {
        n.position({ x: p.x, y: p.y });
        n.addClass('pinned');
      }
    });
  }

  // resize sizes the nodes by the measure chosen.
  function resize() {
    if (!view) return;
    // Every node of a path is on it: they are drawn alike.
    var by = view.paths ? 'none' : $('size').value;
    var max = 0;
    Object.keys(view.centrality).forEach(function (id) {
      max = Math.max(max, view.centrality[id][by] || 0);
    });
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        if (n.hasClass('fan')) return;
        var c = view.centrality[n.id()];
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
    var nodes = cy.nodes().not('.fan');
    var edges = cy.edges().not('.fan-edge');
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
    var c = view.centrality[n.id()];
    return c ? (c.betweenness || 0) * 1e6 + c.degree : 0;
  }

  // seeded returns a pseudo-random generator (mulberry32) that always gives
  // the same numbers: a layout drawn twice from one URL comes out the same.
  function seeded(seed) {
    return function () {
      seed = (seed + 0x6D2B79F5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // layoutName returns the layout chosen: by default force-directed for a
  // neighbourhood, in layers from the start for paths.
  function layoutName() {
    var name = $('layout').value;
    return name === 'auto' ? (view && view.paths ? 'layers' : 'cose') : name;
  }

  // runLayout places every node with the layout chosen: by default
  // force-directed for a neighbourhood, in layers from the start for paths.
  // Pinned nodes are put back where they are pinned afterwards.
  function runLayout() {
    if (!view || cy.nodes().length === 0) return;
    var s = view.s;
    var name = layoutName();
    var starts = cy.nodes('.start');
    var first = s.mode === 'path' ? cy.getElementById(s.from) : cy.getElementById(s.id);
    var opts = { name: name, animate: false, fit: false, padding: 30 };
    if (name === 'breadthfirst') {
      cy.nodes().addClass('label-right');
    } else {
      cy.nodes().removeClass('label-right');
    }
    switch (name) {
      case 'cose':
        // Rings by distance from the start to begin with, then forces.
        ringPositions(first.length ? first.id() : '');
        opts.randomize = false;
        opts.nodeDimensionsIncludeLabels = true;
        var many = cy.nodes().length > BUSY;
        opts.idealEdgeLength = function (e) { return e.hasClass('fan-edge') ? 120 : many ? 50 : 80; };
        opts.nodeRepulsion = function (n) { return n.hasClass('fan') ? 40000 : many ? 4500 : 9000; };
        opts.numIter = 1500;
        break;
      case 'breadthfirst':
        opts.directed = false;
        opts.roots = first.length ? first : starts;
        opts.spacingFactor = view.paths ? 1.4 : 1.1;
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
    // The layouts run at once (animate: false), with numbers that are the
    // same every time.
    var random = Math.random;
    Math.random = seeded(20111219);
    try {
      cy.layout(opts).run();
    } finally {
      Math.random = random;
    }
    if (name === 'cose') fitAspect();
    alignToPins();
    applyPins();
    if (name === 'cose') separate(cy.nodes(), {});
  }

  // alignToPins moves a new layout as a whole so that its pinned nodes
  // fall, on average, where they are pinned: the others stay around them.
  function alignToPins() {
    var dx = 0, dy = 0, k = 0;
    cy.nodes().forEach(function (n) {
      var p = view.s.pin[n.id()];
      if (!p) return;
      dx += p.x - n.position().x;
      dy += p.y - n.position().y;
      k++;
    });
    if (!k) return;
    cy.nodes().shift({ x: dx / k, y: dy / k });
  }

  // ringPositions puts the nodes on rings around the start, by their
  // distance from it, in ID order: where the force-directed layout starts.
  function ringPositions(start) {
    var dist = distances(start);
    var rings = [];
    cy.nodes().forEach(function (n) {
      var d = dist[n.id()] === undefined ? -1 : dist[n.id()];
      (rings[d + 1] = rings[d + 1] || []).push(n);
    });
    var far = rings.length;
    rings.forEach(function (ring, i) {
      var d = i === 0 ? far : i - 1;
      ring.sort(function (a, b) { return a.id() < b.id() ? -1 : 1; });
      ring.forEach(function (n, j) {
        var a = 2 * Math.PI * j / ring.length + d * 0.5;
        n.position({ x: d * 110 * Math.cos(a), y: d * 110 * Math.sin(a) });
      });
    });
  }

  var MAX_FIT_ZOOM = 1.25;
  var LAYER_GAP = 230;
  var ROW_GAP = 70;

  // fitDrawing fits the whole drawing in the canvas, without blowing a
  // small drawing up past a readable size.
  function fitDrawing() {
    cy.fit(undefined, 30);
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center();
    }
  }

  // showAll zooms out, when some nodes are out of the canvas, to show them.
  function showAll() {
    var bb = cy.nodes().renderedBoundingBox({ includeLabels: false });
    if (bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= cy.width() && bb.y2 <= cy.height()) return;
    fitDrawing();
  }

  // layerPositions places the nodes in columns by their distance from the
  // node start, each column centred, in the order of the paths (or of IDs);
  // the nodes the start does not reach go in a last column.
  function layerPositions(start) {
    var dist = distances(start);
    var order = [];
    var seen = {};
    (view.paths || []).forEach(function (p) {
      p.nodes.forEach(function (n) {
        if (!seen[n.id]) { seen[n.id] = true; order.push(n.id); }
      });
    });
    cy.nodes().map(function (n) { return n.id(); }).sort().forEach(function (id) {
      if (!seen[id]) { seen[id] = true; order.push(id); }
    });
    var far = 0;
    order.forEach(function (id) {
      if (dist[id] !== undefined) far = Math.max(far, dist[id]);
    });
    var columns = [];
    order.forEach(function (id) {
      if (!cy.getElementById(id).length) return;
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
    if (!start || !cy.getElementById(start).length) return dist;
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
  }

  // placeNew places nodes added to a drawing without moving the others:
  // those that come from one place (the group they were in, the node they
  // were expanded from, a neighbour) on a disc in the free space nearest
  // it, away from the middle of the drawing; then the labels are kept
  // apart.
  function placeNew(added, gone) {
    var isNew = {};
    added.forEach(function (n) { isNew[n.id()] = true; });
    var old = cy.nodes().filter(function (n) { return !isNew[n.id()]; });
    var centre = { x: 0, y: 0 };
    old.forEach(function (n) {
      centre.x += n.position().x / old.length;
      centre.y += n.position().y / old.length;
    });
    var obstacles = old.map(function (n) {
      return { x: n.position().x, y: n.position().y, r: n.data('size') / 2 + 24 };
    });
    var groups = {};
    var order = [];
    added.forEach(function (n) {
      var a = anchorOf(n, gone, isNew);
      var k = Math.round(a.x) + ',' + Math.round(a.y);
      if (!groups[k]) {
        groups[k] = { x: a.x, y: a.y, exact: a.exact, nodes: [] };
        order.push(k);
      }
      groups[k].nodes.push(n);
    });
    order.forEach(function (k) {
      var g = groups[k];
      if (g.exact && g.nodes.length === 1) {
        g.nodes[0].position({ x: g.x, y: g.y });
        obstacles.push({ x: g.x, y: g.y, r: g.nodes[0].data('size') / 2 + 24 });
        return;
      }
      var spot = freeDisc(g, g.nodes.length, centre, obstacles);
      // A sunflower: point i at radius c·√(i + ½), turning by the golden angle.
      g.nodes.forEach(function (n, i) {
        var r = spot.c * Math.sqrt(i + 0.5);
        var a = i * 2.399963 + spot.angle;
        n.position({ x: spot.x + r * Math.cos(a), y: spot.y + r * Math.sin(a) });
      });
      obstacles.push({ x: spot.x, y: spot.y, r: spot.r });
    });
    var fixed = {};
    cy.nodes().forEach(function (n) { fixed[n.id()] = !isNew[n.id()]; });
    separate(cy.nodes(), fixed);
  }

  // DISC_SPACING is how far apart, about, nodes placed on a disc are.
  var DISC_SPACING = 44;

  // freeDisc finds where a disc of n nodes fits near an anchor without
  // covering any obstacle: first straight away from the middle of the
  // drawing, then turning either way, then further.
  function freeDisc(anchor, n, centre, obstacles) {
    var c = DISC_SPACING / Math.sqrt(Math.PI);
    var r = c * Math.sqrt(n) + DISC_SPACING / 2;
    var dx = anchor.x - centre.x, dy = anchor.y - centre.y;
    var base = dx || dy ? Math.atan2(dy, dx) : 0;
    var turns = [0, 0.4, -0.4, 0.8, -0.8, 1.2, -1.2, 1.6, -1.6, 2.1, -2.1, 2.6, -2.6, Math.PI];
    for (var step = 0; step < 60; step++) {
      var dist = (anchor.exact ? 0 : r) + step * DISC_SPACING / 2;
      for (var i = 0; i < turns.length; i++) {
        var a = base + turns[i];
        var x = anchor.x + dist * Math.cos(a), y = anchor.y + dist * Math.sin(a);
        var free = obstacles.every(function (o) {
          var ox = o.x - x, oy = o.y - y;
          return ox * ox + oy * oy >= (o.r + r) * (o.r + r);
        });
        if (free) return { x: x, y: y, r: r, c: c, angle: a };
        if (dist === 0) break;
      }
    }
    return { x: anchor.x + 2 * r * Math.cos(base), y: anchor.y + 2 * r * Math.sin(base), r: r, c: c, angle: base };
  }

  // anchorOf says where a node added to the drawing comes from.
  function anchorOf(n, gone, isNew) {
    var id = n.id();
    var f = fanOfElement(id);
    if (f) {
      // A group closing: where its nodes were.
      var sx = 0, sy = 0, k = 0;
      f.members.forEach(function (m) {
        if (gone[m]) {
          sx += gone[m].x;
          sy += gone[m].y;
          k++;
        }
      });
      if (k) return { x: sx / k, y: sy / k, exact: true };
    }
    var fk = view.memberOf[id];
    if (fk && gone['fan:' + fk]) {
      // A group opening: where it was.
      return { x: gone['fan:' + fk].x, y: gone['fan:' + fk].y, exact: true };
    }
    // Next to the node it was expanded from, or to another neighbour drawn.
    var best = null;
    n.neighborhood('node').forEach(function (m) {
      if (isNew[m.id()]) return;
      var rankOf = view.s.more.indexOf(m.id());
      if (!best || rankOf > best.rank) best = { rank: rankOf, pos: m.position() };
    });
    if (best) return { x: best.pos.x, y: best.pos.y };
    var pan = cy.pan();
    return { x: (cy.width() / 2 - pan.x) / cy.zoom(), y: (cy.height() / 2 - pan.y) / cy.zoom() };
  }

  // separate moves nodes apart until no two overlap, their labels
  // included (those the drawing shows when it fits the canvas), each
  // overlap undone along the axis it is smallest on: the layouts keep
  // nodes apart, not always their labels. fixed names the nodes that stay
  // where they are.
  function separate(nodes, fixed) {
    var items = nodes.map(function (n) {
      var p = n.position();
      var bb = n.boundingBox({ includeLabels: !n.hasClass('minor'), includeOverlays: false });
      return {
        n: n, x: p.x, y: p.y, fixed: !!fixed[n.id()] || !!view.s.pin[n.id()],
        // The box around the node, relative to its position, with a margin.
        x1: bb.x1 - p.x - 3, x2: bb.x2 - p.x + 3, y1: bb.y1 - p.y - 2, y2: bb.y2 - p.y + 2
      };
    });
    for (var round = 0; round < 60; round++) {
      var moved = false;
      items.sort(function (a, b) { return (a.x + a.x1) - (b.x + b.x1); });
      for (var i = 0; i < items.length; i++) {
        var a = items[i];
        for (var j = i + 1; j < items.length; j++) {
          var b = items[j];
          if (b.x + b.x1 >= a.x + a.x2) break;
          if (a.fixed && b.fixed) continue;
          var ox = Math.min(a.x + a.x2, b.x + b.x2) - Math.max(a.x + a.x1, b.x + b.x1);
          var oy = Math.min(a.y + a.y2, b.y + b.y2) - Math.max(a.y + a.y1, b.y + b.y1);
          if (ox <= 0 || oy <= 0) continue;
          var shareA = a.fixed ? 0 : b.fixed ? 1 : 0.5;
          var shareB = 1 - shareA;
          if (ox < oy) {
            var sx = (a.x <= b.x ? 1 : -1) * (ox + 0.5);
            a.x -= sx * shareA;
            b.x += sx * shareB;
          } else {
            var sy = (a.y <= b.y ? 1 : -1) * (oy + 0.5);
            a.y -= sy * shareA;
            b.y += sy * shareB;
          }
          moved = true;
        }
      }
      if (!moved) break;
    }
    cy.batch(function () {
      items.forEach(function (it) {
        if (!it.fixed) it.n.position({ x: it.x, y: it.y });
      });
    });
  }

  function updateLegend() {
    var legend = $('legend');
    clear(legend);
    var counts = {};
    var groups = 0;
    cy.nodes().forEach(function (n) {
      var k = n.data('kind');
      counts[k] = (counts[k] || 0) + (n.hasClass('fan') ? n.data('count') : 1);
      if (n.hasClass('fan')) groups++;
    });
    var kinds = Object.keys(counts).sort();
    legend.hidden = kinds.length === 0;
    var ul = h('ul');
    kinds.forEach(function (k) {
      ul.appendChild(h('li', null, [legendSwatch(k), ' ' + k + ' ', h('span', { class: 'count', text: String(counts[k]) })]));
    });
    legend.appendChild(h('h2', { text: 'Kinds' }));
    legend.appendChild(ul);
    if (groups) {
      legend.appendChild(h('p', { class: 'hint' }, [legendSwatch('', true), ' a group of nodes: click it to show them']));
    }
    if (view && !view.paths && $('size').value !== 'none') {
      legend.appendChild(h('p', { class: 'hint', text: 'Size: ' + $('size').value }));
    }
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  function labelOf(id) {
    var f = fanOfElement(id);
    if (f) return fanLabel(f);
    var n = view && view.nodes[id];
    return n ? n.label : id;
  }

  function updateStatus() {
    var s = view.s;
    var n = Object.keys(view.nodes).length;
    var m = view.edgeOrder.length;
    var what;
    if (s.mode === 'path') {
      var paths = view.paths;
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
        plural(Number(s.depth), 'relationship', 'relationships') + ' of ' + labelOf(s.id) +
        (s.more.length ? ', and next to ' + (s.more.length === 1 ? labelOf(s.more[0]) : plural(s.more.length, 'node', 'nodes') + ' expanded from') : '') + '.';
    }
    var extra = [];
    var inFans = 0, closed = 0;
    view.fanOrder.forEach(function (k) {
      if (view.s.open.indexOf(k) < 0 && !view.hidden['fan:' + k]) {
        inFans += view.fans[k].members.length;
        closed++;
      }
    });
    if (closed) extra.push(inFans + ' of them in ' + plural(closed, 'group', 'groups'));
    if (s.hide.length) extra.push(plural(s.hide.length, 'node', 'nodes') + ' hidden');
    if (extra.length) what = what.replace(/\.$/, '') + '; ' + extra.join(', ') + '.';
    setStatus(what);
    var t = $('truncated');
    var cut = view.truncated || view.truncatedMore.length > 0;
    t.hidden = !cut;
    t.textContent = view.truncated
      ? 'Truncated at ' + plural(Number(s.limit), s.mode === 'path' ? 'path' : 'node', s.mode === 'path' ? 'paths' : 'nodes')
      : cut ? 'An expansion was truncated' : '';
    t.title = truncationNote(s);
    if (view.failed.length) {
      showError('Could not expand from ' + view.failed.join(', ') + ': the node is no longer in the graph, or the API refused.');
    }
  }

  // truncationNote says what a truncated drawing leaves out, or ''.
  function truncationNote(s) {
    if (view.truncated) {
      if (s.mode === 'path') return 'There may be more than ' + s.limit + ' shortest paths: raise the limit to see them.';
      return 'The limit of ' + s.limit + ' nodes cut the neighbourhood short: the closest nodes are kept. ' +
        (Number(s.limit) < MAX_LIMIT ? 'Raise the limit (up to ' + MAX_LIMIT + '), ' : MAX_LIMIT + ' is the most the API draws: ') +
        'choose fewer relationship types or node kinds, or a smaller depth.';
    }
    if (view.truncatedMore.length) {
      return 'The expansion from ' + view.truncatedMore.map(labelOf).join(', ') + ' was cut short at ' + MAX_LIMIT + ' nodes.';
    }
    return '';
  }

  // ---- the side panel ----

  // showSummary lists, when nothing is selected, the nodes by centrality or
  // the paths step by step: a way through the drawing without the canvas.
  function showSummary() {
    var box = $('summary');
    clear(box);
    if (!view) return;
    document.querySelector('#overview .intro').hidden = true;
    if (truncationNote(view.s)) {
      box.appendChild(h('p', { class: 'warning', text: truncationNote(view.s) }));
    }
    showHidden(box);
    if (view.paths) {
      box.appendChild(h('h2', { text: view.paths.length ? (view.paths.length === 1 ? 'The path' : 'The paths') : 'No path' }));
      box.appendChild(h('p', { class: 'hint', text: 'Arrows show which way each relationship goes: ↓ from the node above to the one below, ↑ the other way.' }));
      if (view.paths.length > 1) {
        box.appendChild(h('p', { class: 'hint', text: 'Highlight a path to pick it out of the drawing.' }));
      }
      var ol = h('ol', { class: 'paths' });
      view.paths.forEach(function (p, i) {
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
                onclick: function () { choose(e.id); }
              }, [e.type])
            ]));
          }
          steps.appendChild(h('li', { class: 'node-step' }, [nodeButton(n.id)]));
        });
        ol.appendChild(h('li', null, [
          view.paths.length > 1
            ? h('button', { type: 'button', class: 'small', onclick: function () { highlightPath(p); } }, ['Highlight path ' + (i + 1)])
            : null,
          steps
        ]));
      });
      box.appendChild(ol);
      return;
    }
    var ranked = cy.nodes().map(function (n) { return n.id(); }).sort(function (a, b) {
      var ca = view.centrality[a] || {}, cb = view.centrality[b] || {};
      var fa = fanOfElement(a), fb = fanOfElement(b);
      if (fa || fb) return (fb ? fb.members.length : -1) - (fa ? fa.members.length : -1);
      return (cb.betweenness || 0) - (ca.betweenness || 0) || (cb.degree || 0) - (ca.degree || 0) || (a < b ? -1 : a > b ? 1 : 0);
    });
    box.appendChild(h('h2', { text: 'Nodes by betweenness' }));
    box.appendChild(h('p', { class: 'hint', text: 'Groups first. Choose a node to see it, expand from it, hide or pin it.' }));
    var table = h('table', { class: 'ranking' }, [
      h('thead', null, [h('tr', null, [
        h('th', { scope: 'col', text: 'Node' }), h('th', { scope: 'col', text: 'Betweenness' }), h('th', { scope: 'col', text: 'Degree' })
      ])])
    ]);
    var tbody = h('tbody');
    ranked.forEach(function (id) {
      var c = view.centrality[id] || {};
      var f = fanOfElement(id);
      tbody.appendChild(h('tr', null, [
        h('td', null, [nodeButton(id)]),
        h('td', { class: 'num', text: f || c.betweenness === undefined || c.betweenness === null ? '' : c.betweenness.toFixed(3) }),
        h('td', { class: 'num', text: f ? '' : c.degree === undefined ? '' : String(c.degree) })
      ]));
    });
    table.appendChild(tbody);
    box.appendChild(table);
  }

  // showHidden lists the nodes hidden, each with a button to show it again.
  function showHidden(box) {
    if (!view.s.hide.length) return;
    var ul = h('ul', { class: 'hidden-list' });
    view.s.hide.forEach(function (id) {
      ul.appendChild(h('li', null, [
        h('span', { text: labelOf(id) }), ' ',
        h('button', {
          type: 'button', class: 'small', 'aria-label': 'Show ' + labelOf(id) + ' again',
          onclick: function () { unhide([id]); }
        }, ['Show'])
      ]));
    });
    box.appendChild(h('details', { class: 'hidden-box' }, [
      h('summary', { text: 'Hidden: ' + plural(view.s.hide.length, 'node', 'nodes') }),
      ul,
      h('button', { type: 'button', class: 'small', onclick: function () { unhide(view.s.hide.slice()); } }, ['Show them all'])
    ]));
  }

  // nodeButton is a button that selects a drawn node or group (or the group
  // a node is in; a plain ID when the node is not drawn).
  function nodeButton(id) {
    var target = id;
    if (view && !cy.getElementById(id).length && view.memberOf[id]) target = 'fan:' + view.memberOf[id];
    var el = cy.getElementById(target);
    if (!view || !el.length) return h('code', { text: id });
    var f = fanOfElement(target);
    return h('button', {
      type: 'button', class: 'link', title: f ? 'A group of ' + fanLabel(f) : id,
      onclick: function () { choose(target); }
    }, [legendSwatch(el.data('kind'), !!f), h('span', { class: 'swatched', text: target === id ? labelOf(id) : labelOf(id) + ' (in ' + labelOf(target) + ')' })]);
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

  // choose selects a drawn node, group or relationship (nothing for ''),
  // shows it in the panel and keeps it in the URL.
  function choose(id) {
    if (!view) return;
    var el = id ? cy.getElementById(id) : null;
    if (el && !el.length) return;
    view.s.sel = el ? id : '';
    history.replaceState(null, '', urlOf(view.s));
    if (el) {
      // Pan only to bring into view what is out of it.
      var bb = el.renderedBoundingBox();
      if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height()) {
        cy.animate({ center: { eles: el }, duration: 200 });
      }
    }
    showSelection(el);
  }

  var detailSeq = 0;

  // showSelection shows a node, a group or a relationship in the panel, or
  // the summary when el is null.
  function showSelection(el) {
    var box = $('selection');
    // A button of the panel that had the focus keeps it when the panel is
    // drawn again after what it did (Pin, Hide…).
    var focused = box.contains(document.activeElement) ? document.activeElement.getAttribute('data-action') : null;
    clear(box);
    cy.elements().removeClass('faded on-path chosen');
    $('overview').hidden = !!el;
    if (!el) return;
    el.addClass('chosen');
    box.appendChild(h('button', {
      type: 'button', class: 'small back', onclick: function () { choose(''); }
    }, [view.paths ? '← All paths' : '← All nodes']));
    var f = fanOfElement(el.id());
    if (f && el.isNode()) {
      showFan(box, f);
    } else if (f) {
      showFanEdge(box, f);
    } else if (el.isNode()) {
      showNode(box, view.nodes[el.id()]);
    } else {
      showEdge(box, view.edges[el.id()]);
    }
    var again = focused && box.querySelector('[data-action="' + focused + '"]:not([disabled])');
    if (again) again.focus();
  }

  // drawingActions are the buttons that change the drawing around a node
  // or group: hide it, pin it or let it go.
  function drawingActions(id) {
    var pinned = !!view.s.pin[id];
    return [
      h('button', {
        type: 'button', 'data-action': 'hide', title: 'Take it off the drawing (H); Undo or the list of hidden nodes brings it back',
        onclick: function () { hide(id); }
      }, ['Hide']),
      h('button', {
        type: 'button', 'data-action': 'pin', 'aria-pressed': String(pinned),
        title: pinned ? 'Let layouts move it again (P)' : 'Keep it where it is when the drawing changes (P); drag it to move it',
        onclick: function () { togglePin(id); }
      }, [pinned ? 'Unpin' : 'Pin'])
    ];
  }

  function showNode(box, n) {
    var c = view.centrality[n.id] || {};
    box.appendChild(h('h2', null, [legendSwatch(n.__typename), ' ', n.label]));
    var facts = [['Kind', n.__typename], ['ID', h('code', { text: n.id })]];
    if (c.degree !== undefined) {
      facts.push(['Degree', String(c.degree)]);
    }
    if (c.betweenness !== null && c.betweenness !== undefined) {
      facts.push(['Betweenness', c.betweenness.toFixed(3)]);
    }
    box.appendChild(dl(facts));

    var expanded = view.s.more.indexOf(n.id) >= 0;
    var actions = h('div', { class: 'actions' });
    actions.appendChild(h('button', {
      type: 'button', class: 'primary', 'data-action': 'expand', disabled: expanded,
      title: 'Add the nodes next to it to the drawing (Enter)',
      onclick: function () { expand(n.id); }
    }, [expanded ? 'Expanded' : 'Expand from here']));
    drawingActions(n.id).forEach(function (b) { actions.appendChild(b); });
    actions.appendChild(h('button', {
      type: 'button', 'data-action': 'redraw', title: 'A new drawing of its neighbourhood, at the same depth',
      onclick: function () { go(neighborhoodOf(n.id)); }
    }, ['Draw from here']));
    actions.appendChild(h('button', {
      type: 'button', onclick: function () { setPathEnd('from', n.id); }
    }, ['Path from here']));
    actions.appendChild(h('button', {
      type: 'button', onclick: function () { setPathEnd('to', n.id); }
    }, ['Path to here']));
    actions.appendChild(h('a', { href: playgroundURL(n.id), target: '_blank', rel: 'noopener' }, ['Open in the playground']));
    box.appendChild(actions);

    var fk = view.memberOf[n.id];
    if (fk) {
      var f = view.fans[fk];
      box.appendChild(h('p', { class: 'group-note' }, [
        'One of the ' + fanLabel(f) + ' ' + (f.dir === 'out' ? labelOf(f.hub) + ' ' + f.type + ' ' : f.type + ' ' + labelOf(f.hub)) + '. ',
        h('button', {
          type: 'button', class: 'small', 'data-action': 'collapse',
          onclick: function () { toggleFan(fk, false); }
        }, ['Collapse them into one node'])
      ]));
    }
    var hubOf = view.fanOrder.filter(function (k) { return view.fans[k].hub === n.id; });
    if (hubOf.length) {
      var ul = h('ul', { class: 'groups' });
      hubOf.forEach(function (k) {
        var g = view.fans[k];
        var open = view.s.open.indexOf(k) >= 0;
        ul.appendChild(h('li', null, [
          legendSwatch(g.kind, true), ' ', fanLabel(g) + ' (' + g.type + ') ',
          h('button', {
            type: 'button', class: 'small', 'data-action': open ? 'collapse' : 'open',
            onclick: function () { toggleFan(k, !open); }
          }, [open ? 'Collapse' : 'Show them'])
        ]));
      });
      box.appendChild(h('h3', { text: 'Groups around it' }));
      box.appendChild(ul);
    }

    var more = h('div', { class: 'node-details' }, [h('p', { class: 'hint', text: 'Loading its facts…' })]);
    box.appendChild(more);
    var seq = ++detailSeq;
    remembered('node ' + n.id, function () { return gql('ExplorerNode', { id: n.id }); }).then(function (data) {
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

  // showFan shows a group: what it holds and the button that opens it.
  function showFan(box, f) {
    box.appendChild(h('h2', null, [legendSwatch(f.kind, true), ' ', fanLabel(f)]));
    var how = f.dir === 'out' ? labelOf(f.hub) + ' ' + f.type + ' each of them' : 'each ' + f.type + ' ' + labelOf(f.hub);
    box.appendChild(h('p', {
      text: 'A group of ' + fanLabel(f) + ' drawn as one node: ' + how + ', and none has another relationship in the drawing.' +
        (f.reach > f.members.length ? ' ' + plural(f.reach - f.members.length, 'other', 'others') + ' with more relationships are drawn on their own.' : '')
    }));
    var actions = h('div', { class: 'actions' });
    actions.appendChild(h('button', {
      type: 'button', class: 'primary', 'data-action': 'open', title: 'Draw each of them (Enter)',
      onclick: function () { toggleFan(f.key, true); }
    }, ['Show the ' + fanLabel(f)]));
    drawingActions(f.id).forEach(function (b) { actions.appendChild(b); });
    box.appendChild(actions);
    box.appendChild(h('h3', { text: 'In the group' }));
    var ul = h('ul', { class: 'members' });
    f.members.forEach(function (m) {
      ul.appendChild(h('li', null, [
        h('button', {
          type: 'button', class: 'link', title: m + ': show the group and select it',
          onclick: function () { toggleFan(f.key, true, m); }
        }, [view.nodes[m].label])
      ]));
    });
    box.appendChild(ul);
  }

  // showFanEdge shows the relationships of a group, their sources counted.
  function showFanEdge(box, f) {
    box.appendChild(h('h2', { text: f.type + ' ×' + f.edges.length }));
    box.appendChild(dl([
      ['From', f.dir === 'out' ? nodeButton(f.hub) : nodeButton(f.id)],
      ['To', f.dir === 'out' ? nodeButton(f.id) : nodeButton(f.hub)]
    ]));
    // The sources, told apart by all but their locators, each with the
    // locators of its relationships.
    var bySource = {};
    var order = [];
    f.edges.forEach(function (e) {
      var k = JSON.stringify(Object.assign({}, e.source, { locator: null }));
      if (!bySource[k]) {
        bySource[k] = { source: e.source, count: 0, locators: [] };
        order.push(k);
      }
      bySource[k].count++;
      if (e.source.locator && bySource[k].locators.indexOf(e.source.locator) < 0) bySource[k].locators.push(e.source.locator);
    });
    box.appendChild(h('h3', { text: order.length === 1 ? 'Source' : 'Sources' }));
    order.sort(function (a, b) { return bySource[b].count - bySource[a].count; });
    order.slice(0, 12).forEach(function (k) {
      var b = bySource[k];
      var locs = b.locators.sort(function (x, y) { return x.localeCompare(y, 'en', { numeric: true }); });
      var locator = locs.length <= 6 ? locs.join(', ') : locs.slice(0, 5).join(', ') + ' … ' + locs[locs.length - 1] + ' (' + locs.length + ' locators)';
      box.appendChild(h('p', { class: 'hint', text: plural(b.count, 'relationship', 'relationships') + ':' }));
      box.appendChild(provenance(Object.assign({}, b.source, { locator: locator })));
    });
    if (order.length > 12) {
      box.appendChild(h('p', { class: 'hint', text: plural(order.length - 12, 'other source', 'other sources') + ': open the group to see each relationship.' }));
    }
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

  // neighborhoodOf returns the state of a new drawing of the neighbourhood
  // of id, with the filters and depth of the drawing shown.
  function neighborhoodOf(id) {
    var s = view ? view.s : stateFromForm();
    return Object.assign({}, s, {
      mode: 'neighborhood', id: id,
      depth: s.mode === 'path' ? DEFAULTS.depth : s.depth,
      limit: s.mode === 'path' ? DEFAULTS.limit : s.limit,
      kinds: s.mode === 'path' ? null : s.kinds,
      more: [], open: [], hide: [], pin: {}, sel: ''
    });
  }

  // setPathEnd puts a node ID at one end of the path form and, when both
  // ends are known, draws the paths.
  function setPathEnd(end, id) {
    var s = stateFromForm();
    s.mode = 'path';
    s[end] = id;
    if (view && view.s.mode === 'neighborhood' && end === 'to' && !s.from) s.from = view.s.id;
    if (view && view.s.mode === 'neighborhood' && end === 'from' && !s.to) s.to = '';
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

  // ---- changes to the drawing, and undo ----

  // undoStack holds, for each change, the state and the node positions
  // before it, with what the change was.
  var undoStack = [];

  function snapshot(what) {
    var positions = {};
    cy.nodes().forEach(function (n) {
      var p = n.position();
      positions[n.id()] = { x: p.x, y: p.y };
    });
    return { s: copyState(view.s), positions: positions, what: what };
  }

  function remember(snap) {
    undoStack.push(snap);
    if (undoStack.length > UNDO_DEPTH) undoStack.shift();
    updateTools();
  }

  // change applies a change to the drawing: it remembers the drawing as it
  // was, changes a copy of the state, records it in the URL and the
  // browser's history, and draws it keeping the nodes where they are.
  function change(what, mutate) {
    if (!view) return;
    remember(snapshot(what));
    var s = copyState(view.s);
    mutate(s);
    history.pushState(null, '', urlOf(s));
    return show(s, { keep: true });
  }

  // undo puts the drawing back as it was before the last change.
  function undo() {
    var snap = undoStack.pop();
    updateTools();
    if (!snap) return;
    history.pushState(null, '', urlOf(snap.s));
    fillForm(snap.s);
    show(snap.s, { keep: !!view && baseOf(view.s) === baseOf(snap.s), positions: snap.positions });
  }

  function expand(id) {
    if (view.s.more.indexOf(id) >= 0) return;
    change('expand from ' + labelOf(id), function (s) {
      s.more.push(id);
      s.sel = id;
    });
  }

  function hide(id) {
    change('hide ' + labelOf(id), function (s) {
      if (s.hide.indexOf(id) < 0) s.hide.push(id);
      delete s.pin[id];
      if (s.sel === id) s.sel = '';
    });
  }

  function unhide(ids) {
    change('show ' + plural(ids.length, 'node', 'nodes') + ' again', function (s) {
      s.hide = s.hide.filter(function (id) { return ids.indexOf(id) < 0; });
    });
  }

  function togglePin(id) {
    var n = cy.getElementById(id);
    if (!n.length) return;
    var pinned = !!view.s.pin[id];
    change((pinned ? 'unpin ' : 'pin ') + labelOf(id), function (s) {
      if (pinned) {
        delete s.pin[id];
      } else {
        s.pin[id] = { x: Math.round(n.position().x), y: Math.round(n.position().y) };
      }
    });
  }

  // toggleFan opens or closes a group, selecting the node select after.
  function toggleFan(key, open, select) {
    var f = view.fans[key];
    if (!f) return;
    change((open ? 'show the ' : 'collapse the ') + fanLabel(f), function (s) {
      s.open = s.open.filter(function (k) { return k !== key; });
      if (open) s.open.push(key);
      s.sel = select || (open ? f.hub : f.id);
    });
  }

  function updateTools() {
    var last = undoStack[undoStack.length - 1];
    $('undo').disabled = !last;
    $('undo').title = last ? 'Undo: ' + last.what + ' (Ctrl+Z)' : 'Nothing to undo';
    $('fit').disabled = !view || cy.nodes().length === 0;
    var hidden = view ? view.s.hide.length : 0;
    $('unhide').hidden = hidden === 0;
    $('unhide').textContent = 'Show hidden (' + hidden + ')';
  }

  // ---- what a pointer reaches ----

  // pick returns what a pointer at p (in pixels from the canvas's corner)
  // reaches: a node under it, else the relationship nearest within EDGE_HIT
  // pixels of its line (before any label it crosses), else a node whose
  // label is under it, else null.
  function pick(p) {
    var nodes = cy.nodes();
    var i;
    for (i = nodes.length - 1; i >= 0; i--) {
      if (inBody(nodes[i], p)) return nodes[i];
    }
    var best = null;
    var bestD = EDGE_HIT;
    cy.edges().forEach(function (e) {
      var d = edgeDistance(e, p);
      if (d <= bestD) {
        bestD = d;
        best = e;
      }
    });
    if (best) return best;
    for (i = nodes.length - 1; i >= 0; i--) {
      if (labelShown(nodes[i]) && inBox(nodes[i].renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false }), p, 0)) {
        return nodes[i];
      }
    }
    return null;
  }

  function inBox(bb, p, slack) {
    return p.x >= bb.x1 - slack && p.x <= bb.x2 + slack && p.y >= bb.y1 - slack && p.y <= bb.y2 + slack;
  }

  // inBody says whether p is on a node's shape (its box, or its ellipse).
  function inBody(n, p) {
    var bb = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false });
    if (!inBox(bb, p, 1)) return false;
    if (n.data('shape') !== 'ellipse') return true;
    var rx = bb.w / 2 + 1, ry = bb.h / 2 + 1;
    var dx = (p.x - (bb.x1 + bb.x2) / 2) / rx, dy = (p.y - (bb.y1 + bb.y2) / 2) / ry;
    return dx * dx + dy * dy <= 1;
  }

  // labelShown says whether a node's label is drawn at the current zoom.
  function labelShown(n) {
    var size = n.hasClass('major') ? 16 : n.hasClass('fan') ? 14 : 11;
    var min = n.hasClass('major') ? 4 : n.hasClass('fan') ? 3 : n.hasClass('minor') ? 16 : 6;
    return size * cy.zoom() >= min;
  }

  // edgeDistance returns how far, in pixels, p is from an edge's line.
  function edgeDistance(e, p) {
    var pts = edgeCurve(e).map(function (q) {
      return { x: q.x * cy.zoom() + cy.pan().x, y: q.y * cy.zoom() + cy.pan().y };
    });
    var best = Infinity;
    for (var i = 0; i + 1 < pts.length; i++) {
      best = Math.min(best, segmentDistance(p, pts[i], pts[i + 1]));
    }
    return best;
  }

  // edgeCurve returns points along an edge as drawn, in model coordinates:
  // a straight line, or the quadratic Béziers Cytoscape.js draws through
  // its control points (each from the middle between two of them).
  function edgeCurve(e) {
    var a = e.sourceEndpoint(), b = e.targetEndpoint();
    var cps = e.controlPoints();
    if (!cps || !cps.length) return [a, b];
    var out = [a];
    var from = a;
    cps.forEach(function (c, i) {
      var to = i === cps.length - 1 ? b : { x: (c.x + cps[i + 1].x) / 2, y: (c.y + cps[i + 1].y) / 2 };
      for (var k = 1; k <= 12; k++) {
        var t = k / 12, u = 1 - t;
        out.push({ x: u * u * from.x + 2 * u * t * c.x + t * t * to.x, y: u * u * from.y + 2 * u * t * c.y + t * t * to.y });
      }
      from = to;
    });
    return out;
  }

  function segmentDistance(p, a, b) {
    var dx = b.x - a.x, dy = b.y - a.y;
    var l2 = dx * dx + dy * dy;
    var t = l2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2)) : 0;
    var x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
    return Math.sqrt(x * x + y * y);
  }

  // pointerAt returns where a mouse event is, in pixels from the canvas's
  // corner.
  function pointerAt(ev) {
    var r = $('cy').getBoundingClientRect();
    return { x: ev.clientX - r.left, y: ev.clientY - r.top };
  }

  var hovered = null;
  var hoverFrame = 0;

  function setHover(el) {
    if (hovered && el && hovered.same(el)) return;
    if (hovered) hovered.removeClass('hover');
    hovered = el && el.length ? el : null;
    if (hovered) hovered.addClass('hover');
    $('cy').style.cursor = hovered ? 'pointer' : '';
  }

  // ---- pictures ----

  // pictureSVG draws the drawing as it stands as an SVG document: its
  // relationships, nodes and labels (those the canvas shows when the whole
  // drawing fits), a title and the legend.
  function pictureSVG() {
    var pad = 24, head = 40;
    var bb = cy.elements().boundingBox({ includeLabels: true, includeOverlays: false });
    var counts = {};
    cy.nodes().forEach(function (n) {
      counts[n.data('kind')] = (counts[n.data('kind')] || 0) + (n.hasClass('fan') ? n.data('count') : 1);
    });
    var kinds = Object.keys(counts).sort();
    var legendW = 170;
    var w = Math.ceil(bb.w + 2 * pad + legendW);
    var ht = Math.ceil(Math.max(bb.h + 2 * pad, kinds.length * 20 + 40) + head);
    var title = $('status').textContent;
    var doc = svg('svg', {
      xmlns: SVG_NS, width: w, height: ht, viewBox: '0 0 ' + w + ' ' + ht, role: 'img',
      'font-family': 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif'
    });
    doc.appendChild(svg('title', null, 'Nexus graph explorer: ' + title));
    doc.appendChild(svg('desc', null, 'Drawn from ' + window.location.href));
    doc.appendChild(svg('rect', { width: w, height: ht, fill: '#ffffff' }));
    doc.appendChild(svg('text', { x: 12, y: 24, 'font-size': 15, 'font-weight': 600, fill: '#1d2733' }, clip(title, Math.floor((w - 24) / 7.5))));
    var g = svg('g', { transform: 'translate(' + (pad - bb.x1).toFixed(1) + ',' + (head + pad - bb.y1).toFixed(1) + ')' });
    doc.appendChild(g);
    var edges = svg('g', { class: 'edges', fill: 'none' });
    var edgeLabels = svg('g', { class: 'edge-labels', 'font-size': 8, fill: '#4d5a66', 'text-anchor': 'middle' });
    g.appendChild(edges);
    cy.edges().forEach(function (e) {
      var fan = e.hasClass('fan-edge');
      var colour = fan ? '#7d8a96' : '#98a3ad';
      var pts = edgeCurve(e);
      var cps = e.controlPoints();
      var a = pts[0], b = pts[pts.length - 1];
      var d = 'M' + a.x.toFixed(1) + ',' + a.y.toFixed(1);
      if (cps && cps.length) {
        var from = a;
        cps.forEach(function (c, i) {
          var to = i === cps.length - 1 ? b : { x: (c.x + cps[i + 1].x) / 2, y: (c.y + cps[i + 1].y) / 2 };
          d += ' Q' + c.x.toFixed(1) + ',' + c.y.toFixed(1) + ' ' + to.x.toFixed(1) + ',' + to.y.toFixed(1);
          from = to;
        });
      } else {
        d += ' L' + b.x.toFixed(1) + ',' + b.y.toFixed(1);
      }
      var width = fan ? 4 : 1.3;
      edges.appendChild(svg('path', { d: d, stroke: colour, 'stroke-width': width, 'data-id': e.id() }));
      // The arrowhead, along the last stretch of the line.
      var p = pts[pts.length - 2];
      var ang = Math.atan2(b.y - p.y, b.x - p.x);
      var len = 8 * 0.8 + width, half = 4.5 * 0.8 + width / 2;
      var bx = b.x - len * Math.cos(ang), by = b.y - len * Math.sin(ang);
      edges.appendChild(svg('polygon', {
        points: [
          b.x.toFixed(1) + ',' + b.y.toFixed(1),
          (bx + half * Math.sin(ang)).toFixed(1) + ',' + (by - half * Math.cos(ang)).toFixed(1),
          (bx - half * Math.sin(ang)).toFixed(1) + ',' + (by + half * Math.cos(ang)).toFixed(1)
        ].join(' '),
        fill: colour
      }));
      if (fan || !e.hasClass('minor')) {
        var mid = e.midpoint();
        var deg = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
        if (deg > 90 || deg < -90) deg += 180;
        edgeLabels.appendChild(svg('text', {
          x: mid.x.toFixed(1), y: (mid.y + 3).toFixed(1), transform: 'rotate(' + deg.toFixed(1) + ' ' + mid.x.toFixed(1) + ' ' + mid.y.toFixed(1) + ')',
          'font-size': fan ? 10 : 8, 'font-weight': fan ? 'bold' : null,
          stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke'
        }, e.data('type')));
      }
    });
    var nodes = svg('g', { class: 'nodes' });
    var labels = svg('g', { class: 'labels', fill: '#1d2733', 'text-anchor': 'middle', stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' });
    g.appendChild(nodes);
    g.appendChild(edgeLabels);
    g.appendChild(labels);
    cy.nodes().forEach(function (n) {
      var pos = n.position();
      var size = n.data('size');
      var fan = n.hasClass('fan');
      var shape = shapeOutline(n.data('shape'), pos.x, pos.y, size, size);
      shape.setAttribute('fill', n.data('color'));
      shape.setAttribute('stroke', n.hasClass('start') ? '#111111' : fan ? '#1d2733' : '#4a5560');
      shape.setAttribute('stroke-width', n.hasClass('start') ? 4 : fan ? 2 : 1);
      shape.setAttribute('data-id', n.id());
      nodes.appendChild(shape);
      if (fan) {
        // The double border of a group.
        var inner = shapeOutline(n.data('shape'), pos.x, pos.y, size - 8, size - 8);
        inner.setAttribute('fill', 'none');
        inner.setAttribute('stroke', '#1d2733');
        inner.setAttribute('stroke-width', 1.5);
        nodes.appendChild(inner);
      }
      if (n.hasClass('minor')) return;
      var fs = n.hasClass('major') ? 16 : fan ? 14 : 11;
      var right = n.hasClass('label-right');
      // Lines cut between words as the canvas cuts them (120 pixels wide).
      var lines = wrap(n.data('label'), Math.floor(120 / (fs * 0.55)));
      var x = (right ? pos.x + size / 2 + 6 : pos.x).toFixed(1);
      var text = svg('text', {
        x: x,
        y: (right ? pos.y + fs * 0.35 - (lines.length - 1) * fs * 0.57 : pos.y + size / 2 + 3 + fs * 0.9).toFixed(1),
        'font-size': fs, 'font-weight': fan || n.hasClass('start') ? 'bold' : null,
        'text-anchor': right ? 'start' : null
      });
      lines.forEach(function (line, i) {
        text.appendChild(svg('tspan', { x: x, dy: i ? '1.15em' : null }, line));
      });
      labels.appendChild(text);
    });
    var legend = svg('g', { class: 'legend', transform: 'translate(' + (w - legendW + 10) + ',' + (head + 10) + ')', 'font-size': 12, fill: '#1d2733' });
    legend.appendChild(svg('text', { x: 0, y: 0, 'font-weight': 600 }, 'Kinds'));
    kinds.forEach(function (k, i) {
      var info = kindInfo(k);
      var sw = shapeOutline(info.shape, 7, 16 + i * 20 - 4, 13, 13);
      sw.setAttribute('fill', info.color);
      sw.setAttribute('stroke', '#555555');
      legend.appendChild(sw);
      legend.appendChild(svg('text', { x: 20, y: 16 + i * 20 }, k + ' ' + counts[k]));
    });
    doc.appendChild(legend);
    return doc;
  }

  // wrap cuts a text into lines of at most about n characters, between
  // words.
  function wrap(t, n) {
    var lines = [];
    t.split(/\s+/).forEach(function (w) {
      var last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + w.length <= n) {
        lines[last] += ' ' + w;
      } else {
        lines.push(w);
      }
    });
    return lines;
  }

  // clip shortens a text to at most n characters, with an ellipsis.
  function clip(t, n) {
    return t.length > n ? t.slice(0, n - 1) + '…' : t;
  }

  function svgText(doc) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
  }

  // pictureName returns the file name of a picture of the drawing.
  function pictureName(ext) {
    var s = view.s;
    var what = s.mode === 'path' ? s.from + '-to-' + s.to : s.id + '-depth-' + s.depth;
    return 'nexus-' + what.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') + '.' + ext;
  }

  function save(blob, name) {
    var a = h('a', { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
  }

  // downloadPicture saves the drawing as SVG, or as PNG: the SVG drawn at
  // twice its size on a canvas.
  function downloadPicture(format) {
    var status = $('download-status');
    var doc = pictureSVG();
    var text = svgText(doc);
    if (format === 'svg') {
      save(new Blob([text], { type: 'image/svg+xml' }), pictureName('svg'));
      status.textContent = 'Downloaded ' + pictureName('svg') + '.';
      return Promise.resolve();
    }
    var w = Number(doc.getAttribute('width')), ht = Number(doc.getAttribute('height'));
    // Browsers cap a canvas's side: a very large drawing is drawn smaller.
    var scale = Math.min(2, 8000 / Math.max(w, ht));
    status.textContent = 'Preparing the picture…';
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () {
        var canvas = document.createElement('canvas');
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(ht * scale);
        var ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (!blob) {
            reject(new Error('the browser could not make the PNG'));
            return;
          }
          save(blob, pictureName('png'));
          status.textContent = 'Downloaded ' + pictureName('png') + ' (' + canvas.width + ' × ' + canvas.height + ' pixels).';
          resolve();
        }, 'image/png');
      };
      img.onerror = function () {
        reject(new Error('the browser could not draw the SVG'));
      };
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
    }).catch(function (err) {
      status.textContent = '';
      showError('The picture could not be made: ' + err.message);
    });
  }

  // ---- downloading the data ----

  // exportURL returns the export of what is drawn: the same neighbourhood
  // or paths, with the same parameters.
  function exportURL(format) {
    var s = view.s;
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
    if (!view) return;
    var format = $('format').value;
    if (format === 'png' || format === 'svg') {
      downloadPicture(format);
      return;
    }
    var status = $('download-status');
    var url = exportURL(format);
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
        save(blob, name);
        var changed = view.s.more.length || view.s.hide.length;
        status.textContent = 'Downloaded ' + name + (nodes ? ': ' + nodes + ' nodes, ' + rels + ' relationships' : '') +
          (changed ? ', the ' + (view.s.mode === 'path' ? 'paths' : 'neighbourhood') + ' asked for, without the expansions and with the hidden nodes.' : '.');
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

  // go starts a new drawing and records it in the history, so that the URL
  // can be shared and Back (or Undo) returns to the previous drawing.
  function go(s) {
    if (view) remember(snapshot('draw ' + (s.mode === 'path' ? 'the paths' : 'the neighbourhood of ' + s.id)));
    fillForm(s);
    var url = urlOf(s);
    if (url !== window.location.search) {
      window.history.pushState(null, '', url);
    }
    return show(s, {});
  }

  // fromURL draws what the URL says: keeping the nodes drawn where they are
  // when it only changes what was done to the same drawing (Back, Forward),
  // and putting them where they were when this tab drew it before (Reload).
  function fromURL() {
    var s = stateFromURL();
    fillForm(s);
    if (s.id || s.from || s.to) {
      var keep = !!view && baseOf(view.s) === baseOf(s);
      var place = keep ? null : placeOf(s);
      show(s, { keep: keep, positions: place && place.positions, viewport: place && place.viewport });
    }
  }

  // ---- where the nodes were, for Reload ----

  // The positions of the nodes of the drawings of this tab, and how they
  // were zoomed, by URL (without the selection), in the tab's session
  // storage: a reload draws the picture as it was. PLACES is how many
  // drawings are kept.
  var PLACES_KEY = 'nexus-explorer-places';
  var PLACES = 30;
  var placeTimer = null;

  function placeKey(s) {
    return urlOf(Object.assign({}, s, { sel: '' }));
  }

  function readPlaces() {
    try {
      return JSON.parse(window.sessionStorage.getItem(PLACES_KEY) || '{}') || {};
    } catch (e) {
      return {};
    }
  }

  // placeOf returns where the nodes of a state's drawing were, or null.
  function placeOf(s) {
    return readPlaces()[placeKey(s)] || null;
  }

  // savePlace keeps where the nodes of the drawing are, soon (once for a
  // burst of changes).
  function savePlace() {
    clearTimeout(placeTimer);
    placeTimer = setTimeout(function () {
      if (!view) return;
      var places = readPlaces();
      var positions = {};
      cy.nodes().forEach(function (n) {
        positions[n.id()] = { x: Math.round(n.position().x * 10) / 10, y: Math.round(n.position().y * 10) / 10 };
      });
      places[placeKey(view.s)] = { at: Date.now(), positions: positions, viewport: { zoom: cy.zoom(), pan: cy.pan() } };
      var keys = Object.keys(places).sort(function (a, b) { return places[b].at - places[a].at; });
      keys.slice(PLACES).forEach(function (k) { delete places[k]; });
      try {
        window.sessionStorage.setItem(PLACES_KEY, JSON.stringify(places));
      } catch (e) {
        // Storage full or refused: a reload lays the drawing out again.
      }
    }, 200);
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
    if (!view) return;
    remember(snapshot('the ' + $('layout').selectedOptions[0].textContent + ' layout'));
    view.s.layout = $('layout').value;
    runLayout();
    fitDrawing();
    window.history.replaceState(null, '', urlOf(view.s));
    savePlace();
  });
  $('size').addEventListener('change', function () {
    resize();
    updateLegend();
    if (view) {
      view.s.size = $('size').value;
      window.history.replaceState(null, '', urlOf(view.s));
    }
  });
  $('download').addEventListener('click', download);
  $('undo').addEventListener('click', undo);
  $('fit').addEventListener('click', fitDrawing);
  $('unhide').addEventListener('click', function () {
    if (view) unhide(view.s.hide.slice());
  });
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

  // Ctrl+Z (Cmd+Z) undoes, wherever the focus is but in a text field.
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
    if ((ev.ctrlKey || ev.metaKey) && !ev.shiftKey && !ev.altKey && (ev.key === 'z' || ev.key === 'Z') && !typing) {
      ev.preventDefault();
      undo();
    }
  });

  // On the canvas, the keyboard acts on what is selected: Enter expands
  // from a node or opens a group, H hides, P pins or unpins, Escape
  // unselects.
  $('cy').addEventListener('keydown', function (ev) {
    if (!view || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var id = view.s.sel;
    var el = id ? cy.getElementById(id) : null;
    if (ev.key === 'Escape') {
      choose('');
      return;
    }
    if (!el || !el.length || !el.isNode()) return;
    var f = fanOfElement(id);
    var done = true;
    if (ev.key === 'Enter' || ev.key === ' ') {
      if (f) {
        toggleFan(f.key, true);
      } else {
        expand(id);
      }
    } else if (ev.key === 'h' || ev.key === 'H' || ev.key === 'Delete') {
      hide(id);
    } else if (ev.key === 'p' || ev.key === 'P') {
      togglePin(id);
    } else {
      done = false;
    }
    if (done) ev.preventDefault();
  });

  // A tap selects what pick finds under the pointer, which prefers a
  // relationship to the label of a node it runs under.
  cy.on('tap', function (ev) {
    var hit = pick(ev.renderedPosition);
    choose(hit ? hit.id() : '');
  });

  $('cy').addEventListener('mousemove', function (ev) {
    var p = pointerAt(ev);
    if (hoverFrame) return;
    hoverFrame = requestAnimationFrame(function () {
      hoverFrame = 0;
      setHover(view ? pick(p) : null);
    });
  });
  $('cy').addEventListener('mouseleave', function () { setHover(null); });

  // Dragging a node pins it where it is dropped (Undo puts it back).
  var beforeDrag = null;
  cy.on('grab', 'node', function () {
    if (view) beforeDrag = snapshot('move a node');
  });
  cy.on('dragfree', 'node', function (ev) {
    if (!view || !beforeDrag) return;
    var n = ev.target;
    beforeDrag.what = 'move ' + labelOf(n.id());
    remember(beforeDrag);
    beforeDrag = null;
    view.s.pin[n.id()] = { x: Math.round(n.position().x), y: Math.round(n.position().y) };
    n.addClass('pinned');
    history.pushState(null, '', urlOf(view.s));
    savePlace();
    if (view.s.sel === n.id()) showSelection(n);
  });
  cy.on('viewport', function () {
    if (view) savePlace();
  });

  setPhase('idle');
  updateTools();
  loadChoices().catch(function (err) {
    showError('The relationship types and node kinds could not be loaded: ' + (err instanceof ApiError ? err.message : err));
  }).then(fromURL);
})();
