// Starts GraphiQL in #graphiql with the configuration the server put in its
// data-config attribute: the GraphQL endpoint and the example tabs.
(function () {
  'use strict';
  var el = document.getElementById('graphiql');
  var config = JSON.parse(el.getAttribute('data-config'));
  var url = new URL(config.endpoint, window.location.href).toString();
  var send = GraphiQL.createFetcher({ url: url });

  // definesOperation reports whether the GraphQL document query defines an
  // operation called name.
  function definesOperation(query, name) {
    if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) {
      return false;
    }
    return new RegExp('\\b(query|mutation|subscription)\\s+' + name + '\\b').test(query || '');
  }

  // GraphiQL updates the operation name a moment after a tab is switched: a
  // query run in between would go out with the previous tab's operation name
  // and fail. A name the document does not define is dropped, so the server
  // runs the document's only operation (or says which names it has).
  function fetcher(params, opts) {
    if (params && params.operationName && !definesOperation(params.query, params.operationName)) {
      params = Object.assign({}, params);
      delete params.operationName;
    }
    return send(params, opts);
  }

  // A query in the page's URL (?query=…, as the graph explorer links to a
  // node) opens in a tab of its own: GraphiQL adds it to the tabs it kept
  // from an earlier visit, or, on a first visit, it is the first tab.
  var linkedQuery = new URLSearchParams(window.location.search).get('query') || undefined;
  var tabs = linkedQuery ? [{ query: linkedQuery }].concat(config.tabs) : config.tabs;

  // The page's link to the graph explorer takes the place of GraphiQL's logo.
  var explore = document.getElementById('explore-link');
  var logo = null;
  if (explore) {
    logo = React.createElement(GraphiQL.Logo, null,
      React.createElement('a', {
        className: 'graphiql-logo-link',
        href: explore.getAttribute('href'),
        style: { whiteSpace: 'nowrap', fontSize: 'var(--font-size-body)' },
      }, explore.textContent));
    explore.hidden = true;
  }

  el.textContent = '';
  ReactDOM.createRoot(el).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      query: linkedQuery,
      defaultEditorToolsVisibility: true,
    }, logo)
  );
})();
