#!/usr/bin/env bash
# Fetches the browser bundles of the GraphiQL playground, of the graph
# explorer (Cytoscape.js) and of the insights page (d3-geo with d3-array,
# topojson-client, and the world-atlas country outlines) from the npm registry
# at pinned versions and copies them into static/vendor/, so that the pages
# work without the browser reaching a CDN. Run it from anywhere after changing
# a version below, then update the integrity hashes it prints in
# playground.html, explore.html and insights.html (the web tests fail until
# they match; the page's config carries the atlas's hash, computed by the
# server).
set -euo pipefail

GRAPHIQL_VERSION=4.1.2 # the last major with a UMD build
REACT_VERSION=18.3.1   # the last major with UMD builds; GraphiQL 4 supports 18 and 19
CYTOSCAPE_VERSION=3.35.0
D3_ARRAY_VERSION=3.2.5        # d3-geo's one dependency
D3_GEO_VERSION=3.1.2
TOPOJSON_CLIENT_VERSION=3.1.0
WORLD_ATLAS_VERSION=2.0.2     # Natural Earth 1:50m country outlines (public domain), as TopoJSON

here=$(cd "$(dirname "$0")" && pwd)
vendor="$here/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION" \
	"cytoscape@$CYTOSCAPE_VERSION" "d3-array@$D3_ARRAY_VERSION" "d3-geo@$D3_GEO_VERSION" \
	"topojson-client@$TOPOJSON_CLIENT_VERSION" "world-atlas@$WORLD_ATLAS_VERSION" >/dev/null
for pkg in "graphiql-$GRAPHIQL_VERSION" "react-$REACT_VERSION" "react-dom-$REACT_VERSION" "cytoscape-$CYTOSCAPE_VERSION" \
	"d3-array-$D3_ARRAY_VERSION" "d3-geo-$D3_GEO_VERSION" "topojson-client-$TOPOJSON_CLIENT_VERSION" \
	"world-atlas-$WORLD_ATLAS_VERSION"; do
	mkdir -p "$pkg"
	tar -xzf "$pkg.tgz" -C "$pkg"
done

rm -rf "$vendor"
mkdir -p "$vendor/graphiql" "$vendor/react" "$vendor/react-dom" "$vendor/cytoscape" \
	"$vendor/d3-array" "$vendor/d3-geo" "$vendor/topojson-client" "$vendor/world-atlas"
cp "graphiql-$GRAPHIQL_VERSION/package/dist/index.umd.js" "$vendor/graphiql/graphiql.min.js"
cp "graphiql-$GRAPHIQL_VERSION/package/dist/style.css" "$vendor/graphiql/graphiql.min.css"
cp "graphiql-$GRAPHIQL_VERSION/package/LICENSE" "$vendor/graphiql/LICENSE"
cp "react-$REACT_VERSION/package/umd/react.production.min.js" "$vendor/react/react.production.min.js"
cp "react-$REACT_VERSION/package/LICENSE" "$vendor/react/LICENSE"
cp "react-dom-$REACT_VERSION/package/umd/react-dom.production.min.js" "$vendor/react-dom/react-dom.production.min.js"
cp "react-dom-$REACT_VERSION/package/LICENSE" "$vendor/react-dom/LICENSE"
cp "cytoscape-$CYTOSCAPE_VERSION/package/dist/cytoscape.min.js" "$vendor/cytoscape/cytoscape.min.js"
cp "cytoscape-$CYTOSCAPE_VERSION/package/LICENSE" "$vendor/cytoscape/LICENSE"
cp "d3-array-$D3_ARRAY_VERSION/package/dist/d3-array.min.js" "$vendor/d3-array/d3-array.min.js"
cp "d3-array-$D3_ARRAY_VERSION/package/LICENSE" "$vendor/d3-array/LICENSE"
cp "d3-geo-$D3_GEO_VERSION/package/dist/d3-geo.min.js" "$vendor/d3-geo/d3-geo.min.js"
cp "d3-geo-$D3_GEO_VERSION/package/LICENSE" "$vendor/d3-geo/LICENSE"
cp "topojson-client-$TOPOJSON_CLIENT_VERSION/package/dist/topojson-client.min.js" "$vendor/topojson-client/topojson-client.min.js"
cp "topojson-client-$TOPOJSON_CLIENT_VERSION/package/LICENSE" "$vendor/topojson-client/LICENSE"
cp "world-atlas-$WORLD_ATLAS_VERSION/package/countries-50m.json" "$vendor/world-atlas/countries-50m.json"
cp "world-atlas-$WORLD_ATLAS_VERSION/package/LICENSE" "$vendor/world-atlas/LICENSE"
cat >"$vendor/VERSIONS" <<VERSIONS
graphiql $GRAPHIQL_VERSION (npm: dist/index.umd.js, dist/style.css)
react $REACT_VERSION (npm: umd/react.production.min.js)
react-dom $REACT_VERSION (npm: umd/react-dom.production.min.js)
cytoscape $CYTOSCAPE_VERSION (npm: dist/cytoscape.min.js)
d3-array $D3_ARRAY_VERSION (npm: dist/d3-array.min.js; ISC)
d3-geo $D3_GEO_VERSION (npm: dist/d3-geo.min.js; ISC)
topojson-client $TOPOJSON_CLIENT_VERSION (npm: dist/topojson-client.min.js; ISC)
world-atlas $WORLD_ATLAS_VERSION (npm: countries-50m.json; ISC; Natural Earth data, public domain)
VERSIONS

cd "$vendor"
for f in graphiql/graphiql.min.js graphiql/graphiql.min.css react/react.production.min.js react-dom/react-dom.production.min.js \
	cytoscape/cytoscape.min.js d3-array/d3-array.min.js d3-geo/d3-geo.min.js topojson-client/topojson-client.min.js; do
	printf '%s sha384-%s\n' "$f" "$(openssl dgst -sha384 -binary "$f" | openssl base64 -A)"
done
