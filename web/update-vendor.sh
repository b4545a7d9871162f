#!/usr/bin/env bash
# Fetches the browser bundles of the GraphiQL playground and of the graph
# explorer (Cytoscape.js) from the npm registry at pinned versions and copies
# them into static/vendor/, so that both pages work without the browser
# reaching a CDN. Run it from anywhere after changing a version below, then
# update the integrity hashes it prints in playground.html and explore.html
# (the web tests fail until they match).
set -euo pipefail

GRAPHIQL_VERSION=4.1.2 # the last major with a UMD build
REACT_VERSION=18.3.1   # the last major with UMD builds; GraphiQL 4 supports 18 and 19
CYTOSCAPE_VERSION=3.35.0

here=$(cd "$(dirname "$0")" && pwd)
vendor="$here/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION" \
	"cytoscape@$CYTOSCAPE_VERSION" >/dev/null
for pkg in "graphiql-$GRAPHIQL_VERSION" "react-$REACT_VERSION" "react-dom-$REACT_VERSION" "cytoscape-$CYTOSCAPE_VERSION"; do
	mkdir -p "$pkg"
	tar -xzf "$pkg.tgz" -C "$pkg"
done

rm -rf "$vendor"
mkdir -p "$vendor/graphiql" "$vendor/react" "$vendor/react-dom" "$vendor/cytoscape"
cp "graphiql-$GRAPHIQL_VERSION/package/dist/index.umd.js" "$vendor/graphiql/graphiql.min.js"
cp "graphiql-$GRAPHIQL_VERSION/package/dist/style.css" "$vendor/graphiql/graphiql.min.css"
cp "graphiql-$GRAPHIQL_VERSION/package/LICENSE" "$vendor/graphiql/LICENSE"
cp "react-$REACT_VERSION/package/umd/react.production.min.js" "$vendor/react/react.production.min.js"
cp "react-$REACT_VERSION/package/LICENSE" "$vendor/react/LICENSE"
cp "react-dom-$REACT_VERSION/package/umd/react-dom.production.min.js" "$vendor/react-dom/react-dom.production.min.js"
cp "react-dom-$REACT_VERSION/package/LICENSE" "$vendor/react-dom/LICENSE"
cp "cytoscape-$CYTOSCAPE_VERSION/package/dist/cytoscape.min.js" "$vendor/cytoscape/cytoscape.min.js"
cp "cytoscape-$CYTOSCAPE_VERSION/package/LICENSE" "$vendor/cytoscape/LICENSE"
cat >"$vendor/VERSIONS" <<VERSIONS
graphiql $GRAPHIQL_VERSION (npm: dist/index.umd.js, dist/style.css)
react $REACT_VERSION (npm: umd/react.production.min.js)
react-dom $REACT_VERSION (npm: umd/react-dom.production.min.js)
cytoscape $CYTOSCAPE_VERSION (npm: dist/cytoscape.min.js)
VERSIONS

cd "$vendor"
for f in graphiql/graphiql.min.js graphiql/graphiql.min.css react/react.production.min.js react-dom/react-dom.production.min.js \
	cytoscape/cytoscape.min.js; do
	printf '%s sha384-%s\n' "$f" "$(openssl dgst -sha384 -binary "$f" | openssl base64 -A)"
done
