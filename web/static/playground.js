// Starts GraphiQL in #graphiql with the configuration the server put in its
// data-config attribute: the GraphQL endpoint and the example tabs.
(function () {
  'use strict';
  var el = document.getElementById('graphiql');
  var config = JSON.parse(el.getAttribute('data-config'));
  var url = new URL(config.endpoint, window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: url });
  el.textContent = '';
  ReactDOM.createRoot(el).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultEditorToolsVisibility: true,
    })
  );
})();
