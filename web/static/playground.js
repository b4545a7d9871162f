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

  // GraphiQL saves the tabs and the text of its editors in the browser's
  // localStorage. Its keys are kept apart per set of example tabs (the
  // server names the set), so that a visit after the examples changed opens
  // the new ones, not tabs saved from older examples.
  var storage = GraphiQL.createLocalStorage({ namespace: 'nexus-playground-' + config.tabSet });

  // savedActiveTab returns the tab that GraphiQL saved as the active one at
  // the last visit, or null on a first visit (or when the saved state is
  // not GraphiQL's).
  function savedActiveTab() {
    try {
      var state = JSON.parse(storage.getItem('graphiql:tabState'));
      var tab = state && Array.isArray(state.tabs) && state.tabs[state.activeTabIndex];
      return tab && typeof tab.query === 'string' ? tab : null;
    } catch (e) {
      return null;
    }
  }

  // A query in the page's URL (?query=…, as the graph explorer links to a
  // node) opens in a tab of its own: GraphiQL adds it to the tabs it kept
  // from an earlier visit, or, on a first visit, it is the first tab.
  var linkedQuery = new URLSearchParams(window.location.search).get('query') || undefined;
  var tabs = linkedQuery ? [{ query: linkedQuery }].concat(config.tabs) : config.tabs;

  // GraphiQL fills its query and variables editors from its query and
  // variables props (or else from the editors' text it saved), not from the
  // tab it opens: on a first visit, the first tab's query would show with
  // an empty variables editor, and running it would fail. So the page
  // hands GraphiQL the query and variables of the tab it opens: the linked
  // query, else the tab active at the last visit, else the first tab.
  // GraphiQL then opens the saved tab whose query and variables these are,
  // or adds one.
  var open = linkedQuery ? { query: linkedQuery } : (savedActiveTab() || tabs[0]);

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
      storage: storage,
      query: open.query,
      variables: open.variables || '',
      defaultEditorToolsVisibility: true,
    }, logo)
  );
})();
