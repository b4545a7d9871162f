// The insights page: pictures of what the API computes about treaty
// participation, each drawn as inline SVG from GraphQL queries to the
// endpoint, each downloadable as SVG, as PNG and as the CSV behind it.
//
// The server puts in #insights's data-config attribute the endpoint, the
// GraphQL document of every request the page makes (one named operation
// each, see gql) and where the country outlines are, with their integrity
// hash. The page's state (the picture, the instrument, the date, the region,
// the level of the regions) lives in its query string, so that a view can be
// shared and the browser's back button restores the previous one. Text from
// the graph is only ever set as text (textContent, attributes), never parsed
// as HTML.
//
// While it draws, #insights has data-state="drawing"; when done, "drawn",
// or "error" when a request failed: the browser tests wait on it.
(function () {
  'use strict';

  var root = document.getElementById('insights');
  var config = JSON.parse(root.getAttribute('data-config'));
  var endpoint = new URL(config.endpoint, window.location.href).toString();

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

  // How a Member State stands towards an instrument, and its colour.
  // Blues for what the State has done, orange for the gap: told apart by
  // lightness too, and every picture has its numbers in words and a table.
  var STATUS = {
    party: { label: 'Party', color: '#2166ac' },
    signed: { label: 'Signed only', color: '#92c5de' },
    notParty: { label: 'Not party', color: '#f4a582' },
    absent: { label: 'Did not exist yet', color: '#f2f2f2' }
  };
  var NOT_MEMBER = { label: 'Not a Member State', color: '#d9d9d9' };
  var OCEAN = '#eef4fa';
  var INK = '#1d2733';
  var MUTED = '#5a6878';
  var GRID = '#e3e8ed';

  // Colours of the timeline's series (Tableau 10, then two more); beyond
  // them, dashes tell the series apart.
  var SERIES = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1',
    '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#8c564b'];
  var DASHES = [null, '6 3', '2 3', '8 3 2 3'];

  var CHARTS = ['map', 'timeline', 'gaps', 'statistics'];
  var CHART_NAMES = { map: 'map', timeline: 'timeline', gaps: 'gaps', statistics: 'statistics' };
  var LEVELS = ['REGION', 'SUBREGION', 'INTERMEDIATE_REGION'];
  var LEVEL_NAMES = { REGION: 'regions', SUBREGION: 'sub-regions', INTERMEDIATE_REGION: 'intermediate regions' };

  // What the page knows once InsightsChoices answered.
  var choices = null;
  // The state of the page: what its URL says.
  var state = { chart: 'map', instrument: '', date: '', region: '', level: 'REGION' };
  // The default instrument: the one with the most parties today.
  var defaultInstrument = '';
  // Answers that do not depend on the choices, fetched once.
  var atlasPromise = null;
  var timelinePromise = null;
  // Each drawing has a number; a drawing that a newer one replaced stops.
  var drawing = 0;
  var drawnWidth = 0;

  // ---- DOM helpers (text only, never HTML) ----

  function $(id) {
    return document.getElementById(id);
  }

  function setAttrs(e, attrs) {
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
  }

  function append(e, children) {
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) {
        return;
      }
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return e;
  }

  // h creates an HTML element with attributes and children, strings
  // becoming text nodes.
  function h(tag, attrs, children) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    return append(e, children);
  }

  // s creates an SVG element the same way.
  function s(tag, attrs, children) {
    var e = document.createElementNS(SVG_NS, tag);
    setAttrs(e, attrs);
    return append(e, children);
  }

  function clear(e) {
    while (e.firstChild) {
      e.removeChild(e.firstChild);
    }
  }

  // ---- text ----

  var measureCtx = document.createElement('canvas').getContext('2d');

  // textWidth is how wide text is drawn at size px in the SVGs' font.
  function textWidth(text, size, bold) {
    measureCtx.font = (bold ? '600 ' : '') + (size || 12) + 'px ' + FONT;
    return measureCtx.measureText(text).width;
  }

  // fit shortens text with an ellipsis to fit width px.
  function fit(text, width, size, bold) {
    if (textWidth(text, size, bold) <= width) {
      return text;
    }
    var lo = 0;
    var hi = text.length;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (textWidth(text.slice(0, mid) + '…', size, bold) <= width) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return text.slice(0, lo).replace(/\s+$/, '') + '…';
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : (many || one + 's'));
  }

  // ---- dates (ISO strings, YYYY-MM-DD, read as UTC) ----

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  function isDate(v) {
    return /^\d{4}-\d{2}-\d{2}$/.test(v) && !isNaN(Date.parse(v + 'T00:00:00Z')) &&
      new Date(v + 'T00:00:00Z').toISOString().slice(0, 10) === v;
  }

  function longDate(iso) {
    var p = iso.split('-');
    return Number(p[2]) + ' ' + MONTHS[Number(p[1]) - 1] + ' ' + p[0];
  }

  function shortDate(iso) {
    var p = iso.split('-');
    return Number(p[2]) + ' ' + MONTHS[Number(p[1]) - 1].slice(0, 3) + ' ' + p[0];
  }

  // time is a date as a number of days, for scales.
  function time(iso) {
    return Date.parse(iso + 'T00:00:00Z') / 864e5;
  }

  // asOf is the date the pictures are drawn as of: the chosen one, or today.
  function asOf() {
    return state.date || today();
  }

  function asOfWords() {
    return state.date ? longDate(state.date) : 'today (' + longDate(today()) + ')';
  }

  // ---- GraphQL ----

  function ApiError(message) {
    this.message = message;
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.name = 'ApiError';

  // answers keeps the answer to each request made, by operation and
  // variables, so that going back, resizing or switching pictures asks
  // nothing twice; a reload asks afresh.
  var answers = {};

  // gql runs one named operation of the page's document.
  function gql(operationName, variables) {
    var key = operationName + ' ' + JSON.stringify(variables || {});
    if (!answers[key]) {
      answers[key] = ask(operationName, variables);
      answers[key].catch(function () {
        delete answers[key];
      });
    }
    return answers[key];
  }

  function ask(operationName, variables) {
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
          throw new ApiError(body.errors.map(function (err) {
            var code = err.extensions && err.extensions.code;
            return (err.message || 'unknown error') + (code ? ' (' + code + ')' : '');
          }).join('\n'));
        }
        if (!res.ok || !body.data) {
          throw new ApiError('The server answered ' + res.status + ' ' + res.statusText + '.');
        }
        return body.data;
      });
    });
  }

  // inBatches calls fn on each item, at most n at a time, and resolves to
  // their results in order.
  function inBatches(items, n, fn) {
    var results = new Array(items.length);
    var next = 0;
    function worker() {
      if (next >= items.length) {
        return Promise.resolve();
      }
      var i = next++;
      return fn(items[i]).then(function (r) {
        results[i] = r;
        return worker();
      });
    }
    var workers = [];
    for (var k = 0; k < Math.min(n, items.length); k++) {
      workers.push(worker());
    }
    return Promise.all(workers).then(function () {
      return results;
    });
  }

  // ---- what the graph holds ----

  function instrumentOf(key) {
    return choices.instruments.find(function (i) {
      return i.key === key;
    }) || null;
  }

  function regionOf(code) {
    return choices.regions.find(function (r) {
      return r.code === code;
    }) || null;
  }

  // instrumentDate is the date an instrument exists from: its adoption,
  // else its opening for signature; null when neither is known.
  function instrumentDate(inst) {
    return inst.adopted || inst.openedForSignature || null;
  }

  function existedOn(inst, date) {
    var d = instrumentDate(inst);
    return !d || d <= date;
  }

  function instrumentName(inst) {
    return inst.key + (inst.shortName ? ' ' + inst.shortName : '');
  }

  function loadChoices() {
    return gql('InsightsChoices').then(function (data) {
      var participations = data.counts.relationships.find(function (r) {
        return r.type === 'PARTICIPATES_IN';
      });
      choices = {
        participation: participations ? participations.count : 0,
        instruments: data.instruments.edges.map(function (e) {
          return e.node;
        }),
        regions: data.regions.slice().sort(function (a, b) {
          return LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || a.name.localeCompare(b.name);
        }),
        states: data.states.edges.map(function (e) {
          var n = e.node;
          return {
            iso3: n.iso3,
            m49: n.m49,
            name: n.name || n.iso3,
            regions: n.regions.map(function (r) {
              return r.region.code;
            })
          };
        }).sort(function (a, b) {
          return a.name.localeCompare(b.name);
        }),
        // The resolutions whose text the graph holds, with their adoption
        // date: the graph's subject, marked on the timeline.
        resolutions: data.resolutions.edges.map(function (e) {
          return e.node;
        }).filter(function (r) {
          return r.adopted && r.paragraphs.length > 0;
        })
      };
      if (choices.participation === 0) {
        defaultInstrument = choices.instruments.length ? choices.instruments[0].key : '';
        return;
      }
      // The default instrument is the one with the most parties today.
      return gql('InsightsStatistics', { asOf: null }).then(function (stats) {
        var best = null;
        stats.statistics.byInstrument.forEach(function (s) {
          if (!best || s.parties > best.parties) {
            best = s;
          }
        });
        defaultInstrument = best ? best.instrument.key : choices.instruments[0].key;
      });
    });
  }

  // The country outlines: a GeoJSON feature per country, Antarctica left
  // out (no Member State, and a third of the picture).
  function loadAtlas() {
    if (!atlasPromise) {
      atlasPromise = fetch(config.atlas.url, { integrity: config.atlas.integrity }).then(function (res) {
        if (!res.ok) {
          throw new ApiError('Could not load the country outlines: ' + res.status + ' ' + res.statusText + '.');
        }
        return res.json();
      }).then(function (topo) {
        return topojson.feature(topo, topo.objects.countries).features.filter(function (f) {
          return f.id !== '010';
        });
      });
      atlasPromise.catch(function () {
        atlasPromise = null;
      });
    }
    return atlasPromise;
  }

  // The parties of every instrument today, page after page.
  function loadTimeline() {
    if (!timelinePromise) {
      var out = [];
      var page = function (after) {
        return gql('InsightsTimeline', { after: after }).then(function (data) {
          data.instruments.edges.forEach(function (e) {
            out.push(e.node);
          });
          var info = data.instruments.pageInfo;
          return info.hasNextPage ? page(info.endCursor) : out;
        });
      };
      timelinePromise = page(null);
      timelinePromise.catch(function () {
        timelinePromise = null;
      });
    }
    return timelinePromise;
  }

  // ---- the URL ----

  function readURL() {
    var q = new URLSearchParams(window.location.search);
    var chart = q.get('chart');
    var inst = (q.get('instrument') || '').toUpperCase();
    var date = q.get('date') || '';
    var region = q.get('region') || '';
    var level = (q.get('level') || '').toUpperCase();
    return {
      chart: CHARTS.indexOf(chart) >= 0 ? chart : 'map',
      instrument: instrumentOf(inst) ? inst : defaultInstrument,
      date: isDate(date) ? date : '',
      region: regionOf(region) ? region : defaultRegion(),
      level: LEVELS.indexOf(level) >= 0 ? level : 'REGION'
    };
  }

  // defaultRegion is the first region of the top level, by code.
  function defaultRegion() {
    var top = choices.regions.filter(function (r) {
      return r.level === 'REGION';
    }).sort(function (a, b) {
      return a.code < b.code ? -1 : 1;
    });
    return top.length ? top[0].code : (choices.regions[0] || {}).code || '';
  }

  function urlOf(st) {
    var q = new URLSearchParams();
    q.set('chart', st.chart);
    if (st.instrument) {
      q.set('instrument', st.instrument);
    }
    if (st.date) {
      q.set('date', st.date);
    }
    if (st.region) {
      q.set('region', st.region);
    }
    if (st.level !== 'REGION') {
      q.set('level', st.level);
    }
    return window.location.pathname + '?' + q.toString();
  }

  // go changes the state as the user asked, remembers it in the history,
  // and draws.
  function go(change) {
    var next = Object.assign({}, state, change);
    if (urlOf(next) === urlOf(state)) {
      return;
    }
    state = next;
    window.history.pushState(null, '', urlOf(state));
    showState();
    draw();
  }

  // ---- controls ----

  function buildControls() {
    var sel = $('instrument');
    clear(sel);
    var families = {};
    choices.instruments.forEach(function (inst) {
      var fam = inst.family || 'OTHER';
      if (!families[fam]) {
        families[fam] = h('optgroup', {
          label: { COUNTER_TERRORISM: 'Counter-terrorism', ORGANIZED_CRIME: 'Organized crime' }[fam] || 'Other'
        });
        sel.appendChild(families[fam]);
      }
      var d = instrumentDate(inst);
      families[fam].appendChild(h('option', { value: inst.key, text: instrumentName(inst) + (d ? ' (' + d.slice(0, 4) + ')' : '') }));
    });

    var reg = $('region');
    clear(reg);
    var groups = {};
    choices.regions.forEach(function (r) {
      if (!groups[r.level]) {
        groups[r.level] = h('optgroup', { label: { REGION: 'Regions', SUBREGION: 'Sub-regions', INTERMEDIATE_REGION: 'Intermediate regions' }[r.level] || 'Other' });
        reg.appendChild(groups[r.level]);
      }
      groups[r.level].appendChild(h('option', { value: r.code, text: r.name + ' (' + r.code + ')' }));
    });

    var buttons = $('date-buttons');
    choices.resolutions.forEach(function (r) {
      buttons.appendChild(h('button', {
        type: 'button',
        'data-date': r.adopted,
        title: 'As of the adoption of ' + r.symbol + ', ' + longDate(r.adopted),
        text: r.symbol + ' (' + shortDate(r.adopted) + ')'
      }));
    });
    $('today').setAttribute('data-date', '');
    $('date').max = today();

    sel.addEventListener('change', function () {
      go({ instrument: sel.value });
    });
    reg.addEventListener('change', function () {
      go({ region: reg.value });
    });
    $('level').addEventListener('change', function () {
      go({ level: $('level').value });
    });
    $('date').addEventListener('change', function () {
      var v = $('date').value;
      if (v === '' || isDate(v)) {
        go({ date: v });
      }
    });
    buttons.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-date]');
      if (b) {
        go({ date: b.getAttribute('data-date') });
      }
    });
    $('controls').addEventListener('submit', function (ev) {
      ev.preventDefault();
    });

    var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
    tabs.forEach(function (tab, i) {
      tab.addEventListener('click', function () {
        go({ chart: tab.getAttribute('data-chart') });
      });
      tab.addEventListener('keydown', function (ev) {
        var j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
        if (j === undefined) {
          return;
        }
        ev.preventDefault();
        var t = tabs[(j + tabs.length) % tabs.length];
        t.focus();
        go({ chart: t.getAttribute('data-chart') });
      });
    });
  }

  // showState sets the controls and tabs to the state.
  function showState() {
    $('instrument').value = state.instrument;
    $('region').value = state.region;
    $('level').value = state.level;
    $('date').value = state.date;
    Array.prototype.forEach.call(document.querySelectorAll('#date-buttons button'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-date') === state.date));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[role="tab"]'), function (tab) {
      var on = tab.getAttribute('data-chart') === state.chart;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on) {
        $('panel').setAttribute('aria-labelledby', tab.id);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('.field[data-for]'), function (f) {
      f.hidden = f.getAttribute('data-for').split(' ').indexOf(state.chart) < 0;
    });
  }

  // ---- downloads ----

  function save(blob, filename) {
    var url = URL.createObjectURL(blob);
    var a = h('a', { href: url, download: filename, hidden: true });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  }

  // exported returns a copy of a picture's SVG for a file: its title
  // written above it (on the page, the heading says it), in a white margin.
  function exported(svg) {
    var w = Number(svg.getAttribute('width'));
    var ht = Number(svg.getAttribute('height'));
    var head = 30;
    var copy = svg.cloneNode(true);
    copy.setAttribute('xmlns', SVG_NS);
    copy.setAttribute('height', ht + head);
    copy.setAttribute('viewBox', '0 0 ' + w + ' ' + (ht + head));
    var body = s('g', { transform: 'translate(0,' + head + ')' });
    Array.prototype.slice.call(copy.childNodes).forEach(function (c) {
      if (c.nodeName !== 'title' && c.nodeName !== 'desc') {
        body.appendChild(c);
      }
    });
    var title = copy.querySelector('title').textContent;
    copy.appendChild(s('rect', { width: w, height: ht + head, fill: '#fff' }));
    copy.appendChild(s('text', { x: 6, y: 20, 'font-size': 15, 'font-weight': 600, text: fit(title, w - 12, 15, true) }));
    copy.appendChild(body);
    return copy;
  }

  function svgText(copy) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  }

  function downloadSVG(svg, filename) {
    save(new Blob([svgText(exported(svg))], { type: 'image/svg+xml' }), filename + '.svg');
  }

  // downloadPNG draws the SVG onto a canvas at twice its size.
  function downloadPNG(svg, filename) {
    var copy = exported(svg);
    var w = Number(copy.getAttribute('width'));
    var ht = Number(copy.getAttribute('height'));
    var img = new Image();
    return new Promise(function (resolve, reject) {
      img.onload = function () {
        var scale = 2;
        var canvas = document.createElement('canvas');
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(ht * scale);
        var ctx = canvas.getContext('2d');
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (!blob) {
            reject(new Error('the browser could not make the PNG'));
            return;
          }
          save(blob, filename + '.png');
          resolve();
        }, 'image/png');
      };
      img.onerror = function () {
        reject(new Error('the browser could not draw the SVG'));
      };
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText(copy));
    });
  }

  function csvField(v) {
    var t = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }

  function csvText(data) {
    return [data.header].concat(data.rows).map(function (r) {
      return r.map(csvField).join(',');
    }).join('\r\n') + '\r\n';
  }

  function downloadCSV(data, filename) {
    save(new Blob([csvText(data)], { type: 'text/csv;charset=utf-8' }), filename + '.csv');
  }

  // ---- pictures ----

  // picture adds to the panel a section with a heading, a summary, the
  // picture draw(width) returns (an SVG), its downloads and its data as a
  // table. opts: id, heading, summary, filename, draw, csv ({header, rows}),
  // or message instead of draw for a picture that has nothing to show.
  function picture(opts) {
    var headingId = opts.id + '-title';
    var sec = h('section', { class: 'picture', id: opts.id, 'aria-labelledby': headingId }, [
      h('h2', { id: headingId, text: opts.heading })
    ]);
    if (opts.summary) {
      sec.appendChild(h('p', { class: 'summary', text: opts.summary }));
    }
    $('panel').appendChild(sec);
    if (opts.message) {
      sec.appendChild(h('p', { class: 'message', text: opts.message }));
      return sec;
    }
    var fig = h('figure');
    sec.appendChild(fig);
    var svg = opts.draw(Math.max(280, Math.floor(fig.clientWidth)));
    fig.appendChild(svg);

    var what = opts.heading.charAt(0).toLowerCase() + opts.heading.slice(1);
    var status = h('span', { role: 'status' });
    var fail = function (err) {
      status.textContent = 'Download failed: ' + err.message;
    };
    sec.appendChild(h('div', { class: 'downloads' }, [
      h('span', { text: 'Download:' }),
      h('button', { type: 'button', class: 'download', 'data-format': 'svg', 'aria-label': 'Download the ' + what + ' as SVG', text: 'SVG', onclick: function () {
        downloadSVG(svg, opts.filename);
      } }),
      h('button', { type: 'button', class: 'download', 'data-format': 'png', 'aria-label': 'Download the ' + what + ' as PNG', text: 'PNG', onclick: function () {
        downloadPNG(svg, opts.filename).catch(fail);
      } }),
      h('button', { type: 'button', class: 'download', 'data-format': 'csv', 'aria-label': 'Download the data of the ' + what + ' as CSV', text: 'CSV', onclick: function () {
        downloadCSV(opts.csv, opts.filename);
      } }),
      status
    ]));
    sec.appendChild(dataTable(opts.csv, opts.heading));
    return sec;
  }

  // dataTable shows the CSV behind a picture, folded.
  function dataTable(data, caption) {
    var table = h('table', {}, [
      h('caption', { class: 'visually-hidden', text: caption }),
      h('thead', {}, [h('tr', {}, data.header.map(function (c) {
        return h('th', { scope: 'col', text: c });
      }))])
    ]);
    var body = h('tbody');
    data.rows.forEach(function (r) {
      body.appendChild(h('tr', {}, r.map(function (v) {
        return h('td', { class: typeof v === 'number' ? 'num' : null, text: v === null || v === undefined ? '' : String(v) });
      })));
    });
    table.appendChild(body);
    return h('details', { class: 'data' }, [
      h('summary', { text: 'The data behind it (' + plural(data.rows.length, 'row') + ')' }),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Data of the ' + caption.toLowerCase() }, [table])
    ]);
  }

  var svgIds = 0;

  // svgRoot starts an SVG of width × height with a title and a description
  // (read by screen readers, kept in the downloaded file) on white.
  function svgRoot(width, height, title, desc) {
    var n = ++svgIds;
    var svg = s('svg', {
      xmlns: SVG_NS,
      width: width,
      height: height,
      viewBox: '0 0 ' + width + ' ' + height,
      role: 'img',
      'aria-labelledby': 'svg-title-' + n + ' svg-desc-' + n,
      'font-family': FONT,
      'font-size': 12,
      fill: INK
    }, [
      s('title', { id: 'svg-title-' + n, text: title }),
      s('desc', { id: 'svg-desc-' + n, text: desc }),
      s('rect', { width: width, height: height, fill: '#fff' })
    ]);
    return svg;
  }

  // legend lays out swatches with labels in rows within width, from (x, y);
  // it returns the group and its height.
  function legend(items, x, y, width) {
    var g = s('g', { class: 'legend', transform: 'translate(' + x + ',' + y + ')' });
    var cx = 0;
    var cy = 0;
    var rowH = 18;
    items.forEach(function (it) {
      var w = 18 + textWidth(it.label, 12, it.bold) + 16;
      if (cx > 0 && cx + w > width) {
        cx = 0;
        cy += rowH;
      }
      var item = s('g', { transform: 'translate(' + cx + ',' + cy + ')' });
      if (it.dot) {
        item.appendChild(s('rect', { x: 0, y: 1, width: 13, height: 12, rx: 2, fill: it.color, stroke: '#8a96a3', 'stroke-width': 0.5 }));
        item.appendChild(s('circle', { cx: 6.5, cy: 7, r: 3, fill: '#fff', stroke: INK, 'stroke-width': 0.6 }));
      } else if (it.line) {
        item.appendChild(s('line', { x1: 0, x2: 14, y1: 7, y2: 7, stroke: it.color, 'stroke-width': it.bold ? 3.5 : 2, 'stroke-dasharray': it.dash || null }));
      } else {
        item.appendChild(s('rect', { x: 0, y: 1, width: 13, height: 12, rx: 2, fill: it.color, stroke: '#8a96a3', 'stroke-width': 0.5 }));
      }
      item.appendChild(s('text', { x: 18, y: 11.5, 'font-weight': it.bold ? 600 : null, text: it.label }));
      g.appendChild(item);
      cx += w;
    });
    return { g: g, height: items.length ? cy + rowH : 0 };
  }

  // linear returns a function mapping [d0, d1] onto [r0, r1].
  function linear(d0, d1, r0, r1) {
    var k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
    return function (v) {
      return r0 + (v - d0) * k;
    };
  }

  function filenameOf(parts) {
    return ['nexus'].concat(parts.filter(Boolean)).join('-').replace(/[^A-Za-z0-9._-]+/g, '_');
  }

  // emptyMessage says a picture has nothing to show until participation is
  // imported.
  function emptyMessage() {
    return 'No treaty participation is loaded, so there is nothing to draw here: ' +
      'see above how to import a participation file.';
  }

  // ---- the map ----

  // statusesOn works out each Member State's standing from the actions that
  // counted as of the date: party by its earliest party-making action, else
  // signed, else not party.
  function statusesOn(participation) {
    var out = {};
    participation.forEach(function (p) {
      var iso3 = p.state.iso3;
      var cur = out[iso3];
      if (p.makesParty) {
        if (!cur || cur.status !== 'party' || (p.date && (!cur.date || p.date < cur.date))) {
          out[iso3] = { status: 'party', action: p.action, date: p.date };
        }
      } else if (!cur) {
        out[iso3] = { status: 'signed', action: p.action, date: p.date };
      }
    });
    return out;
  }

  function standingWords(st) {
    if (st.status === 'notParty') {
      return 'not party';
    }
    return (st.status === 'party' ? 'party' : 'signed only') + ' (' + st.action + (st.date ? ', ' + longDate(st.date) : ', date unknown') + ')';
  }

  function drawMap(n) {
    var inst = instrumentOf(state.instrument);
    var heading = 'Parties to ' + instrumentName(inst);
    if (choices.participation === 0) {
      picture({ id: 'map', heading: heading, message: emptyMessage() });
      return Promise.resolve();
    }
    if (!existedOn(inst, asOf())) {
      picture({
        id: 'map', heading: heading,
        message: inst.key + ' did not exist yet on ' + longDate(asOf()) + ': it dates from ' +
          longDate(instrumentDate(inst)) + '. Choose a later date.'
      });
      return Promise.resolve();
    }
    return Promise.all([loadAtlas(), gql('InsightsMap', { instrument: inst.key, asOf: state.date || null })]).then(function (r) {
      if (n !== drawing) {
        return;
      }
      var features = r[0];
      var standing = statusesOn(r[1].instrument.participation);
      var byM49 = {};
      var counts = { party: 0, signed: 0, notParty: 0 };
      choices.states.forEach(function (st) {
        var sd = standing[st.iso3] || { status: 'notParty' };
        st.standing = sd;
        counts[sd.status]++;
        if (st.m49) {
          byM49[st.m49] = st;
        }
      });
      var drawn = {};
      features.forEach(function (f) {
        if (byM49[f.id]) {
          drawn[f.id] = true;
        }
      });
      var missing = choices.states.filter(function (st) {
        return !st.m49 || !drawn[st.m49];
      });
      var total = choices.states.length;
      var title = heading + ', as of ' + asOfWords();
      var summary = 'As of ' + asOfWords() + ', ' + counts.party + ' of the ' + total + ' Member States were party to ' +
        instrumentName(inst) + ', ' + counts.signed + ' had only signed it and ' + counts.notParty + ' were not party.';
      if (missing.length) {
        summary += ' Too small for the outlines, not on the map: ' + missing.map(function (st) {
          return st.name + ', ' + standingWords(st.standing);
        }).join('; ') + '.';
      }
      var csv = {
        header: ['iso3', 'm49', 'state', 'standing', 'action', 'date', 'on_map'],
        rows: choices.states.map(function (st) {
          return [st.iso3, st.m49 || '', st.name, STATUS[st.standing.status].label.toLowerCase(),
            st.standing.action || '', st.standing.date || '', st.m49 && drawn[st.m49] ? 'yes' : 'no'];
        })
      };
      picture({
        id: 'map',
        heading: heading,
        summary: summary,
        filename: filenameOf(['map', inst.key, asOf()]),
        csv: csv,
        draw: function (width) {
          return mapSVG(width, features, byM49, counts, title, summary);
        }
      });
    });
  }

  function mapSVG(width, features, byM49, counts, title, desc) {
    var collection = { type: 'FeatureCollection', features: features };
    var projection = d3.geoNaturalEarth1().fitWidth(width - 2, collection);
    var path = d3.geoPath(projection).digits(1);
    var b = path.bounds(collection);
    var mapH = Math.ceil(b[1][1] - b[0][1]) + 2;
    projection.translate([projection.translate()[0] + 1, projection.translate()[1] - b[0][1] + 1]);

    var items = ['party', 'signed', 'notParty'].map(function (k) {
      return { label: STATUS[k].label + ' (' + counts[k] + ')', color: STATUS[k].color };
    }).concat([{ label: NOT_MEMBER.label, color: NOT_MEMBER.color }]);
    var leg = legend(items, 4, mapH + 10, width - 8);
    var svg = svgRoot(width, mapH + 14 + leg.height, title, desc);
    svg.appendChild(s('rect', { x: 0, y: 0, width: width, height: mapH, fill: OCEAN }));

    var land = s('g', { stroke: '#fff', 'stroke-width': 0.4, 'stroke-linejoin': 'round' });
    var marks = s('g', { stroke: INK, 'stroke-width': width < 600 ? 0.4 : 0.6 });
    features.forEach(function (f) {
      var st = byM49[f.id];
      var d = path(f);
      if (!d) {
        return;
      }
      var el = s('path', {
        d: d,
        class: st ? 'state' : null,
        fill: st ? STATUS[st.standing.status].color : NOT_MEMBER.color,
        'data-iso3': st ? st.iso3 : null,
        'data-standing': st ? st.standing.status : null
      }, [s('title', { text: st ? st.name + ': ' + standingWords(st.standing) : (f.properties.name || 'Territory') + ': ' + NOT_MEMBER.label.toLowerCase() })]);
      land.appendChild(el);
      // A State too small to see gets a dot, so that its colour shows: one
      // smaller than about 6,000 km² (1.5e-4 steradian), or than 4 px².
      if (st && (d3.geoArea(f) < 1.5e-4 || path.area(f) < 4)) {
        var c = path.centroid(f);
        if (isFinite(c[0]) && isFinite(c[1])) {
          marks.appendChild(s('circle', {
            cx: c[0].toFixed(1), cy: c[1].toFixed(1), r: width < 600 ? 1.8 : 2.6, class: 'state',
            fill: STATUS[st.standing.status].color, 'data-iso3': st.iso3
          }, [s('title', { text: st.name + ': ' + standingWords(st.standing) })]));
        }
      }
    });
    svg.appendChild(land);
    svg.appendChild(marks);
    svg.appendChild(leg.g);
    return svg;
  }

  // ---- the timeline ----

  function drawTimeline(n) {
    var heading = 'Parties per instrument over time';
    if (choices.participation === 0) {
      picture({ id: 'timeline', heading: heading, message: emptyMessage() });
      return Promise.resolve();
    }
    return loadTimeline().then(function (instruments) {
      if (n !== drawing) {
        return;
      }
      var end = today();
      var series = [];
      instruments.forEach(function (node) {
        var inst = instrumentOf(node.key);
        if (!inst || !node.parties.length) {
          return;
        }
        var start = instrumentDate(inst);
        var undated = 0;
        var byDate = {};
        node.parties.forEach(function (p) {
          if (p.date) {
            byDate[p.date] = (byDate[p.date] || 0) + 1;
          } else {
            undated++;
          }
        });
        var dates = Object.keys(byDate).sort();
        var first = start || dates[0] || end;
        if (dates.length && dates[0] < first) {
          first = dates[0];
        }
        var count = undated;
        var points = [[first, count]];
        dates.forEach(function (d) {
          count += byDate[d];
          points.push([d, count]);
        });
        series.push({ inst: inst, points: points, total: count, start: points[0][0] });
      });
      if (!series.length) {
        picture({ id: 'timeline', heading: heading, message: 'No instrument has a party yet.' });
        return;
      }
      var marks = choices.resolutions.map(function (r) {
        return { date: r.adopted, label: r.symbol };
      });
      var chosen = series.find(function (sr) {
        return sr.inst.key === state.instrument;
      });
      var summary = 'The number of parties of each of the ' + plural(series.length, 'instrument') +
        ' with parties, from the date of the action that made each State a party, up to today' +
        (marks.length ? '; the dashed line marks the adoption of ' + marks.map(function (m) {
          return m.label + ' on ' + longDate(m.date);
        }).join(' and ') : '') + '.' +
        (chosen ? ' ' + instrumentName(chosen.inst) + ' (drawn thicker) has ' + plural(chosen.total, 'party', 'parties') + ' today.' : '');
      var csv = { header: ['instrument', 'short_name', 'date', 'parties'], rows: [] };
      series.forEach(function (sr) {
        sr.points.forEach(function (p) {
          csv.rows.push([sr.inst.key, sr.inst.shortName || '', p[0], p[1]]);
        });
      });
      picture({
        id: 'timeline',
        heading: heading,
        summary: summary,
        filename: filenameOf(['timeline', end]),
        csv: csv,
        draw: function (width) {
          return timelineSVG(width, series, marks, end, heading + ', to ' + longDate(end), summary);
        }
      });
    });
  }

  function timelineSVG(width, series, marks, end, title, desc) {
    var maxY = 0;
    var t0 = time(end);
    series.forEach(function (sr) {
      maxY = Math.max(maxY, sr.total);
      t0 = Math.min(t0, time(sr.start));
    });
    marks.forEach(function (m) {
      t0 = Math.min(t0, time(m.date));
    });
    var t1 = time(end);
    var yTicks = d3.ticks(0, Math.max(maxY, 1), width < 500 ? 4 : 6).filter(function (v) {
      return Number.isInteger(v);
    });
    var yMax = Math.max(maxY, yTicks[yTicks.length - 1] || 1);
    var left = Math.ceil(textWidth(String(yMax), 11)) + 14;
    var right = 12;
    var top = 34;
    var plotH = width < 500 ? 220 : 300;
    var x = linear(t0, t1, left, width - right);
    var y = linear(0, yMax, top + plotH, top);

    var items = series.map(function (sr, i) {
      return {
        label: sr.inst.key + ' (' + sr.total + ')',
        color: SERIES[i % SERIES.length],
        dash: DASHES[Math.floor(i / SERIES.length) % DASHES.length],
        line: true,
        bold: sr.inst.key === state.instrument
      };
    });
    var leg = legend(items, left, top + plotH + 34, width - left - right);
    var svg = svgRoot(width, top + plotH + 40 + leg.height, title, desc);

    // Axes and grid.
    var axes = s('g', { 'font-size': 11, fill: MUTED });
    yTicks.forEach(function (v) {
      axes.appendChild(s('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: GRID }));
      axes.appendChild(s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', text: String(v) }));
    });
    var y0 = new Date(t0 * 864e5).getUTCFullYear();
    var y1 = new Date(t1 * 864e5).getUTCFullYear();
    d3.ticks(y0, y1, Math.max(2, Math.floor((width - left) / 70))).filter(function (v) {
      return Number.isInteger(v);
    }).forEach(function (yr) {
      var tx = x(time(yr + '-01-01'));
      if (tx < left - 0.5) {
        return;
      }
      axes.appendChild(s('line', { x1: tx, x2: tx, y1: top + plotH, y2: top + plotH + 5, stroke: MUTED }));
      axes.appendChild(s('text', { x: tx, y: top + plotH + 18, 'text-anchor': 'middle', text: String(yr) }));
    });
    axes.appendChild(s('line', { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, stroke: MUTED }));
    axes.appendChild(s('text', { x: 2, y: 12, 'text-anchor': 'start', text: 'Parties' }));
    svg.appendChild(axes);

    // The resolutions' dates, and the date chosen.
    var notes = s('g', { 'font-size': 11 });
    marks.forEach(function (m) {
      var mx = x(time(m.date));
      notes.appendChild(s('line', { class: 'resolution-mark', 'data-date': m.date, x1: mx, x2: mx, y1: top - 4, y2: top + plotH, stroke: INK, 'stroke-width': 1.2, 'stroke-dasharray': '5 4' }, [
        s('title', { text: m.label + ' adopted on ' + longDate(m.date) })
      ]));
      var anchor = mx > width - 120 ? 'end' : (mx < left + 60 ? 'start' : 'middle');
      notes.appendChild(s('text', { x: mx, y: top - 20, 'text-anchor': anchor, 'font-weight': 600, text: m.label }));
      notes.appendChild(s('text', { x: mx, y: top - 8, 'text-anchor': anchor, fill: MUTED, text: shortDate(m.date) }));
    });
    if (state.date && state.date >= new Date(t0 * 864e5).toISOString().slice(0, 10) && state.date <= end) {
      var ax = x(time(state.date));
      notes.appendChild(s('line', { class: 'as-of-mark', x1: ax, x2: ax, y1: top, y2: top + plotH, stroke: '#b15928', 'stroke-width': 1.2, 'stroke-dasharray': '2 3' }, [
        s('title', { text: 'The date chosen: ' + longDate(state.date) })
      ]));
      notes.appendChild(s('text', {
        x: ax + (ax > width - 80 ? -4 : 4), y: top + 12, 'text-anchor': ax > width - 80 ? 'end' : 'start', fill: '#b15928',
        text: 'as of ' + shortDate(state.date)
      }));
    }
    svg.appendChild(notes);

    // The series, the chosen instrument last, on top.
    var lines = s('g', { fill: 'none', 'stroke-linejoin': 'round' });
    var order = series.map(function (sr, i) {
      return i;
    }).sort(function (a, b) {
      return (series[a].inst.key === state.instrument) - (series[b].inst.key === state.instrument);
    });
    order.forEach(function (i) {
      var sr = series[i];
      var d = '';
      var prevY = null;
      sr.points.forEach(function (p) {
        var px = x(time(p[0])).toFixed(1);
        var py = y(p[1]).toFixed(1);
        d += prevY === null ? 'M' + px + ',' + py : 'H' + px + 'V' + py;
        prevY = py;
      });
      d += 'H' + x(t1).toFixed(1);
      var chosen = sr.inst.key === state.instrument;
      lines.appendChild(s('path', {
        class: 'series',
        'data-instrument': sr.inst.key,
        d: d,
        stroke: SERIES[i % SERIES.length],
        'stroke-width': chosen ? 3.5 : 1.6,
        'stroke-dasharray': DASHES[Math.floor(i / SERIES.length) % DASHES.length],
        'stroke-opacity': chosen || !state.instrument ? 1 : 0.8
      }, [s('title', { text: instrumentName(sr.inst) + ': ' + plural(sr.total, 'party', 'parties') + ' today' })]));
    });
    svg.appendChild(lines);
    svg.appendChild(leg.g);
    return svg;
  }

  // ---- the gaps of a region ----

  function drawGaps(n) {
    var region = regionOf(state.region);
    var heading = 'Participation gaps in ' + region.name;
    if (choices.participation === 0) {
      picture({ id: 'gaps', heading: heading, message: emptyMessage() });
      return Promise.resolve();
    }
    var date = asOf();
    var states = choices.states.filter(function (st) {
      return st.regions.indexOf(region.code) >= 0;
    });
    var instruments = choices.instruments.slice().sort(function (a, b) {
      return a.key < b.key ? -1 : 1;
    });
    var existing = instruments.filter(function (inst) {
      return existedOn(inst, date);
    });
    return inBatches(existing, 4, function (inst) {
      if (n !== drawing) {
        return Promise.resolve(null);
      }
      return gql('InsightsGaps', { instrument: inst.key, region: region.code, asOf: state.date || null });
    }).then(function (answers) {
      if (n !== drawing) {
        return;
      }
      var gaps = {};
      answers.forEach(function (a, i) {
        var byState = {};
        a.participationGaps.states.forEach(function (g) {
          byState[g.state.iso3] = g;
        });
        gaps[existing[i].key] = byState;
      });
      var cells = {};
      var totals = {};
      var csv = { header: ['iso3', 'state', 'instrument', 'standing', 'signature_date', 'assistance_activities'], rows: [] };
      states.forEach(function (st) {
        cells[st.iso3] = {};
        instruments.forEach(function (inst) {
          var byState = gaps[inst.key];
          var c;
          if (!byState) {
            c = { status: 'absent' };
          } else if (byState[st.iso3]) {
            var g = byState[st.iso3];
            c = {
              status: g.signatures.length ? 'signed' : 'notParty',
              signed: g.signatures.length ? g.signatures[0].date : null,
              assistance: g.assistance.length
            };
            totals[inst.key] = (totals[inst.key] || 0) + 1;
          } else {
            c = { status: 'party' };
          }
          cells[st.iso3][inst.key] = c;
          csv.rows.push([st.iso3, st.name, inst.key, STATUS[c.status].label.toLowerCase(), c.signed || '',
            c.status === 'absent' || c.status === 'party' ? '' : c.assistance]);
        });
      });
      var absent = instruments.length - existing.length;
      var gapCount = 0;
      Object.keys(totals).forEach(function (k) {
        gapCount += totals[k];
      });
      var summary = 'The ' + plural(states.length, 'Member State') + ' of ' + region.name + ' (rows) and the ' +
        plural(instruments.length, 'instrument') + ' (columns) as of ' + asOfWords() + ': ' + gapCount +
        ' times a State was not party to an instrument that existed' +
        (absent ? ', and ' + plural(absent, 'instrument') + ' did not exist yet' : '') +
        '. A cell says whether the State was party, had only signed, or was not party; a white dot marks technical assistance received for the instrument.';
      picture({
        id: 'gaps',
        heading: heading,
        summary: summary,
        filename: filenameOf(['gaps', region.code, date]),
        csv: csv,
        draw: function (width) {
          return gapsSVG(width, states, instruments, cells, totals, heading + ', as of ' + asOfWords(), summary);
        }
      });
    });
  }

  function gapsSVG(width, states, instruments, cells, totals, title, desc) {
    var nameW = 0;
    states.forEach(function (st) {
      nameW = Math.max(nameW, textWidth(st.name, 11));
    });
    var labelW = Math.min(Math.ceil(nameW) + 8, Math.floor(width * 0.36), 190);
    var cols = Math.max(instruments.length, 1);
    var cellW = Math.max(6, Math.min(30, Math.floor((width - labelW - 4) / cols)));
    var cellH = 16;
    var headSize = cellW < 12 ? 9 : 10;
    var headH = Math.ceil(textWidth('CT00', headSize, true)) + 10;
    var top = headH;
    var gridW = instruments.length * cellW;
    var gridH = states.length * cellH;
    // The numbers of States not party, under each column: upright when
    // they fit, else turned like the keys.
    var upright = cellW >= 18;
    var footH = upright ? 22 : Math.ceil(textWidth('000', 9)) + 12;
    var items = ['party', 'signed', 'notParty', 'absent'].map(function (k) {
      return { label: STATUS[k].label, color: STATUS[k].color };
    });
    var assisted = states.some(function (st) {
      return instruments.some(function (inst) {
        return cells[st.iso3][inst.key].assistance > 0;
      });
    });
    if (assisted) {
      items.push({ label: 'Assistance received', color: STATUS.notParty.color, dot: true });
    }
    var leg = legend(items, 4, top + gridH + footH + 8, width - 8);
    var svg = svgRoot(width, top + gridH + footH + 12 + leg.height, title, desc);
    var exists = {};
    instruments.forEach(function (inst) {
      exists[inst.key] = states.length > 0 && cells[states[0].iso3][inst.key].status !== 'absent';
    });

    var head = s('g', { 'font-size': headSize, fill: MUTED });
    instruments.forEach(function (inst, j) {
      var chosen = inst.key === state.instrument;
      var cx = labelW + j * cellW + cellW / 2 + headSize / 3;
      head.appendChild(s('text', {
        transform: 'translate(' + cx.toFixed(1) + ',' + (headH - 5) + ') rotate(-90)',
        'text-anchor': 'start',
        'font-weight': chosen ? 600 : null,
        fill: chosen ? INK : null,
        text: inst.key
      }, [s('title', { text: instrumentName(inst) })]));
    });
    svg.appendChild(head);

    var rows = s('g', { stroke: '#fff', 'stroke-width': cellW < 10 ? 0.5 : 1 });
    var labels = s('g', { 'font-size': 11 });
    states.forEach(function (st, i) {
      var ry = top + i * cellH;
      labels.appendChild(s('text', { x: labelW - 6, y: ry + cellH - 4, 'text-anchor': 'end', text: fit(st.name, labelW - 8, 11) }, [
        s('title', { text: st.name + ' (' + st.iso3 + ')' })
      ]));
      instruments.forEach(function (inst, j) {
        var c = cells[st.iso3][inst.key];
        var cx = labelW + j * cellW;
        var words = st.name + ', ' + inst.key + ': ' + STATUS[c.status].label.toLowerCase() +
          (c.signed ? ' (signed on ' + longDate(c.signed) + ')' : '') +
          (c.assistance ? '; ' + plural(c.assistance, 'assistance activity', 'assistance activities') : '');
        var g = s('g', { class: 'cell', 'data-iso3': st.iso3, 'data-instrument': inst.key, 'data-standing': c.status }, [
          s('rect', { x: cx, y: ry, width: cellW, height: cellH, fill: STATUS[c.status].color }),
          s('title', { text: words })
        ]);
        if (c.assistance) {
          g.appendChild(s('circle', { cx: cx + cellW / 2, cy: ry + cellH / 2, r: Math.max(1.5, Math.min(3, cellW / 4)), fill: '#fff', stroke: INK, 'stroke-width': 0.6 }));
        }
        rows.appendChild(g);
      });
    });
    svg.appendChild(labels);
    svg.appendChild(rows);
    instruments.forEach(function (inst, j) {
      if (inst.key === state.instrument) {
        svg.appendChild(s('rect', {
          class: 'chosen-column', x: labelW + j * cellW + 0.75, y: top + 0.75, width: cellW - 1.5, height: gridH - 1.5,
          fill: 'none', stroke: INK, 'stroke-width': 1.5
        }));
      }
    });

    var fy = top + gridH;
    var foot = s('g', { 'font-size': upright ? 10 : 9, fill: MUTED });
    foot.appendChild(s('text', { x: labelW - 6, y: fy + 14, 'text-anchor': 'end', 'font-size': 11, text: fit('Not party', labelW - 8, 11) }));
    instruments.forEach(function (inst, j) {
      var text = exists[inst.key] ? String(totals[inst.key] || 0) : '–';
      var cx = labelW + j * cellW + cellW / 2;
      foot.appendChild(s('text', upright ? {
        x: cx.toFixed(1), y: fy + 14, 'text-anchor': 'middle', text: text
      } : {
        transform: 'translate(' + (cx + 3).toFixed(1) + ',' + (fy + 5) + ') rotate(-90)', 'text-anchor': 'end', text: text
      }));
    });
    svg.appendChild(foot);
    svg.appendChild(s('line', { x1: labelW, x2: labelW + gridW, y1: fy + 0.5, y2: fy + 0.5, stroke: MUTED }));
    svg.appendChild(leg.g);
    return svg;
  }

  // ---- statistics ----

  function drawStatistics(n) {
    var inst = instrumentOf(state.instrument);
    var date = asOf();
    var asked = [gql('InsightsStatistics', { asOf: state.date || null })];
    var regional = choices.participation > 0 && existedOn(inst, date);
    if (regional) {
      asked.push(gql('InsightsRegionStatistics', { instrument: inst.key, asOf: state.date || null, level: state.level }));
    }
    return Promise.all(asked).then(function (r) {
      if (n !== drawing) {
        return;
      }
      var stats = r[0].statistics;
      regionPicture(inst, regional ? r[1].statistics.byRegion : null);
      instrumentPicture(stats.byInstrument);
      crimeTypePicture(stats.byCrimeType);
      programmePicture(stats.byProgramme);
    });
  }

  function regionPicture(inst, byRegion) {
    var heading = 'Parties to ' + inst.key + ' by ' + LEVEL_NAMES[state.level].replace(/s$/, '');
    if (choices.participation === 0) {
      picture({ id: 'stats-region', heading: heading, message: emptyMessage() });
      return;
    }
    if (!byRegion) {
      picture({
        id: 'stats-region', heading: heading,
        message: inst.key + ' did not exist yet on ' + longDate(asOf()) + ': it dates from ' + longDate(instrumentDate(inst)) + '.'
      });
      return;
    }
    var rows = byRegion.map(function (r) {
      return {
        label: r.region.name,
        total: r.memberStates,
        values: { party: r.parties, signed: r.signatories, notParty: r.notParty - r.signatories },
        note: r.parties + '/' + r.memberStates
      };
    });
    var summary = 'The share of the Member States of each of the ' + LEVEL_NAMES[state.level] + ' that were party to ' +
      instrumentName(inst) + ', had only signed it, or were not party, as of ' + asOfWords() + ' (parties / Member States on the right).';
    picture({
      id: 'stats-region',
      heading: heading,
      summary: summary,
      filename: filenameOf(['parties-by-region', inst.key, state.level.toLowerCase(), asOf()]),
      csv: {
        header: ['region_code', 'region', 'member_states', 'parties', 'signatories', 'not_party'],
        rows: byRegion.map(function (r) {
          return [r.region.code, r.region.name, r.memberStates, r.parties, r.signatories, r.notParty];
        })
      },
      draw: function (width) {
        return stackedBars(width, rows, ['party', 'signed', 'notParty'], true, heading + ', as of ' + asOfWords(), summary);
      }
    });
  }

  function instrumentPicture(byInstrument) {
    var heading = 'Parties and signatories per instrument';
    if (choices.participation === 0) {
      picture({ id: 'stats-instrument', heading: heading, message: emptyMessage() });
      return;
    }
    var total = choices.states.length;
    var rows = byInstrument.map(function (r) {
      var inst = instrumentOf(r.instrument.key) || r.instrument;
      return {
        label: r.instrument.key + (r.instrument.shortName ? ' ' + r.instrument.shortName : ''),
        total: total,
        values: { party: r.parties, signed: r.signatories },
        note: String(r.parties),
        bold: inst.key === state.instrument
      };
    });
    var summary = 'How many of the ' + total + ' Member States were party to each instrument that existed as of ' +
      asOfWords() + ', and how many had only signed it (parties on the right).';
    picture({
      id: 'stats-instrument',
      heading: heading,
      summary: summary,
      filename: filenameOf(['parties-by-instrument', asOf()]),
      csv: {
        header: ['instrument', 'short_name', 'date', 'parties', 'signatories'],
        rows: byInstrument.map(function (r) {
          return [r.instrument.key, r.instrument.shortName || '', r.date || '', r.parties, r.signatories];
        })
      },
      draw: function (width) {
        return stackedBars(width, rows, ['party', 'signed'], false, heading + ', as of ' + asOfWords(), summary);
      }
    });
  }

  function crimeTypePicture(byCrimeType) {
    var heading = 'What concerns each crime type';
    var columns = [
      { key: 'instruments', label: 'Instruments', color: '#4e79a7' },
      { key: 'paragraphs', label: 'Paragraphs', color: '#edc948' },
      { key: 'programmes', label: 'Programmes', color: '#59a14f' },
      { key: 'activities', label: 'Activities', color: '#76b7b2' }
    ];
    var summary = 'For each crime type, as of ' + asOfWords() + ': the instruments that address it, the paragraphs of the resolutions ' +
      'that concern it, and the programmes and activities that target it.';
    picture({
      id: 'stats-crime',
      heading: heading,
      summary: summary,
      filename: filenameOf(['crime-types', asOf()]),
      csv: {
        header: ['crime_type', 'name', 'instruments', 'paragraphs', 'programmes', 'activities'],
        rows: byCrimeType.map(function (r) {
          return [r.crimeType.key, r.crimeType.name || '', r.instruments, r.paragraphs, r.programmes, r.activities];
        })
      },
      draw: function (width) {
        return barTable(width, byCrimeType.map(function (r) {
          return { label: r.crimeType.name || r.crimeType.key, values: r };
        }), columns, heading + ', as of ' + asOfWords(), summary);
      }
    });
  }

  function programmePicture(byProgramme) {
    var heading = 'Activities and beneficiary States per programme';
    if (!byProgramme.length) {
      picture({
        id: 'stats-programme', heading: heading,
        message: 'No technical assistance programme had begun as of ' + asOfWords() + ' in the graph: programmes and ' +
          'activities come from imported files too (nexus serve --import programmes.csv --import activities.csv, ' +
          'or nexus import; see importer/README.md).'
      });
      return;
    }
    var columns = [
      { key: 'activities', label: 'Activities', color: '#76b7b2' },
      { key: 'beneficiaryStates', label: 'Beneficiary States', color: '#b07aa1' }
    ];
    var summary = 'For each programme begun as of ' + asOfWords() + ': its activities begun by then, and the Member States ' +
      'it or they benefit, directly or through a region.';
    picture({
      id: 'stats-programme',
      heading: heading,
      summary: summary,
      filename: filenameOf(['programmes', asOf()]),
      csv: {
        header: ['programme', 'name', 'activities', 'beneficiary_states'],
        rows: byProgramme.map(function (r) {
          return [r.programme.key, r.programme.name || '', r.activities, r.beneficiaryStates];
        })
      },
      draw: function (width) {
        return barTable(width, byProgramme.map(function (r) {
          return { label: r.programme.name || r.programme.key, values: r };
        }), columns, heading + ', as of ' + asOfWords(), summary);
      }
    });
  }

  // NARROW is the width below which bar charts put each row's label on a
  // line of its own, above its bars, rather than beside them.
  var NARROW = 560;

  // rowLayout says where the label and the bars of the rows of a bar chart
  // go: beside each other (labelW wide, at the left), or the label above.
  function rowLayout(width, rows, share, bold) {
    var labelMax = 0;
    rows.forEach(function (r) {
      labelMax = Math.max(labelMax, textWidth(r.label, 11, bold && r.bold));
    });
    if (width < NARROW) {
      return { above: true, labelW: 0, barX: 4, rowH: 34, labelY: 12, barY: 17 };
    }
    var labelW = Math.min(Math.ceil(labelMax) + 8, Math.floor(width * share), 240);
    return { above: false, labelW: labelW, barX: labelW, rowH: 20, labelY: 14, barY: 3 };
  }

  // rowLabel draws a row's label where the layout puts it.
  function rowLabel(g, lay, width, r, ry) {
    var bold = r.bold ? 600 : null;
    if (lay.above) {
      g.appendChild(s('text', { x: 4, y: ry + lay.labelY, 'font-weight': bold, text: fit(r.label, width - 8, 11, r.bold) }, [
        s('title', { text: r.label })
      ]));
    } else {
      g.appendChild(s('text', { x: lay.labelW - 6, y: ry + lay.labelY, 'text-anchor': 'end', 'font-weight': bold, text: fit(r.label, lay.labelW - 8, 11, r.bold) }, [
        s('title', { text: r.label })
      ]));
    }
  }

  // stackedBars draws a horizontal bar per row, its segments in the
  // standings' colours; share makes each bar the row's total (100 %),
  // otherwise bars are to the scale of the largest total.
  function stackedBars(width, rows, keys, share, title, desc) {
    var lay = rowLayout(width, rows, 0.42, true);
    var barH = 14;
    var noteW = 0;
    rows.forEach(function (r) {
      noteW = Math.max(noteW, textWidth(r.note, 11));
    });
    noteW = Math.ceil(noteW) + 8;
    var barW = width - lay.barX - noteW - 4;
    var top = 4;
    var items = keys.map(function (k) {
      return { label: STATUS[k].label, color: STATUS[k].color };
    });
    var leg = legend(items, 4, top + rows.length * lay.rowH + 10, width - 8);
    var svg = svgRoot(width, top + rows.length * lay.rowH + 14 + leg.height, title, desc);
    var maxTotal = 1;
    rows.forEach(function (r) {
      maxTotal = Math.max(maxTotal, r.total);
    });
    var g = s('g', { 'font-size': 11 });
    rows.forEach(function (r, i) {
      var ry = top + i * lay.rowH;
      var by = ry + lay.barY;
      var scale = barW / (share ? Math.max(r.total, 1) : maxTotal);
      rowLabel(g, lay, width, r, ry);
      if (!share) {
        g.appendChild(s('rect', { x: lay.barX, y: by, width: barW, height: barH, fill: '#f2f4f7' }));
      }
      var bx = lay.barX;
      keys.forEach(function (k) {
        var v = r.values[k] || 0;
        if (v <= 0) {
          return;
        }
        var w = v * scale;
        g.appendChild(s('rect', { class: 'series', x: bx.toFixed(1), y: by, width: w.toFixed(1), height: barH, fill: STATUS[k].color }, [
          s('title', { text: r.label + ': ' + STATUS[k].label.toLowerCase() + ' ' + v + (r.total ? ' of ' + r.total : '') })
        ]));
        bx += w;
      });
      g.appendChild(s('text', { x: width - 4, y: by + 11, 'text-anchor': 'end', fill: MUTED, text: r.note }));
    });
    svg.appendChild(g);
    svg.appendChild(leg.g);
    return svg;
  }

  // barTable draws, for each row, a bar per column, to the scale of the
  // column's largest value, with its number.
  function barTable(width, rows, columns, title, desc) {
    var lay = rowLayout(width, rows, columns.length > 2 ? 0.3 : 0.4, false);
    var barH = 12;
    var colW = Math.floor((width - lay.barX) / columns.length);
    var top = 22;
    var svg = svgRoot(width, top + rows.length * lay.rowH + 6, title, desc);
    var zebra = s('g', { fill: '#f6f7f9' });
    rows.forEach(function (r, i) {
      if (i % 2 === 0) {
        zebra.appendChild(s('rect', { x: 0, y: top + i * lay.rowH, width: width, height: lay.rowH }));
      }
    });
    svg.appendChild(zebra);
    var g = s('g', { 'font-size': 11 });
    columns.forEach(function (c, j) {
      var max = 0;
      rows.forEach(function (r) {
        max = Math.max(max, r.values[c.key]);
      });
      var cx = lay.barX + j * colW;
      g.appendChild(s('text', { x: cx + 2, y: 14, 'font-weight': 600, text: fit(c.label, colW - 6, 11, true) }, [s('title', { text: c.label })]));
      var numW = Math.ceil(textWidth(String(max), 11)) + 4;
      var barMax = Math.max(4, colW - numW - 8);
      rows.forEach(function (r, i) {
        var v = r.values[c.key];
        var by = top + i * lay.rowH + lay.barY + (lay.above ? 0 : 1);
        var w = max > 0 ? Math.max(v > 0 ? 1 : 0, v / max * barMax) : 0;
        if (w > 0) {
          g.appendChild(s('rect', { class: 'series', x: cx + 2, y: by, width: w.toFixed(1), height: barH, fill: c.color }, [
            s('title', { text: r.label + ': ' + v + ' ' + c.label.toLowerCase() })
          ]));
        }
        g.appendChild(s('text', { x: cx + 2 + w + 3, y: by + 10, fill: v ? INK : MUTED, text: String(v) }));
      });
    });
    rows.forEach(function (r, i) {
      rowLabel(g, lay, width, r, top + i * lay.rowH);
    });
    svg.appendChild(g);
    return svg;
  }

  // ---- drawing ----

  var DRAW = { map: drawMap, timeline: drawTimeline, gaps: drawGaps, statistics: drawStatistics };

  function draw() {
    var n = ++drawing;
    var panel = $('panel');
    clear(panel);
    $('error').hidden = true;
    root.setAttribute('data-state', 'drawing');
    root.setAttribute('data-chart', state.chart);
    $('status').textContent = 'Drawing the ' + CHART_NAMES[state.chart] + '…';
    drawnWidth = panel.clientWidth;
    DRAW[state.chart](n).then(function () {
      if (n !== drawing) {
        return;
      }
      $('status').textContent = '';
      root.setAttribute('data-state', 'drawn');
    }).catch(function (err) {
      if (n !== drawing) {
        return;
      }
      showError(err);
    });
  }

  function showError(err) {
    $('status').textContent = '';
    $('error').textContent = err instanceof ApiError ? err.message : 'Something went wrong: ' + (err && err.message);
    $('error').hidden = false;
    root.setAttribute('data-state', 'error');
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (choices && $('panel').clientWidth !== drawnWidth) {
        draw();
      }
    }, 200);
  });

  window.addEventListener('popstate', function () {
    if (!choices) {
      return;
    }
    state = readURL();
    showState();
    draw();
  });

  root.setAttribute('data-state', 'drawing');
  loadChoices().then(function () {
    $('empty').hidden = choices.participation > 0;
    buildControls();
    state = readURL();
    window.history.replaceState(null, '', urlOf(state));
    showState();
    draw();
  }).catch(showError);
})();
