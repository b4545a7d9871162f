package analysis_test

import (
	"testing"

	"github.com/nexus-graph/nexus/graph"
	"github.com/nexus-graph/nexus/graph/analysis"
	"github.com/nexus-graph/nexus/internal/testgraph"
)

// fiveRegions is how a message lists the regions of level REGION.
const fiveRegions = "want one of Africa (002), Americas (019), Asia (142), Europe (150), Oceania (009)"

func TestFindRegion(t *testing.T) {
	sub := []string{analysis.LevelSubregion, analysis.LevelIntermediateRegion}
	region := []string{analysis.LevelRegion}
	cases := []struct {
		name   string
		value  string
		levels []string
		want   graph.ID
		words  []string // the words of the error, when there is one
		calls  int      // store calls, at most
	}{
		{name: "an intermediate region by name, any level", value: "Western Africa", want: "Region:011", calls: 1},
		{name: "folded, among sub-regions", value: "  western AFRICA ", levels: sub, want: "Region:011", calls: 1},
		{name: "a sub-region by code", value: "155", levels: sub, want: "Region:155", calls: 1},
		{name: "a region", value: "europe", levels: region, want: "Region:150", calls: 1},
		{name: "an intermediate region where a region is wanted", value: "Western Africa", levels: region, calls: 2,
			words: []string{`arg: "Western Africa" names the M49 intermediate region Western Africa (011), not a region; ` + fiveRegions}},
		{name: "a region where a sub-region is wanted", value: "150", levels: sub, calls: 2,
			words: []string{`arg: "150" names the M49 region Europe (150), not a sub-region or intermediate region; the regions query lists`}},
		{name: "a misspelt name", value: "Western Afrika", levels: sub, calls: 2,
			words: []string{`arg: no M49 sub-region or intermediate region has the code or English name "Western Afrika"; did you mean Western Africa (011)?`}},
		{name: "a misspelt region", value: "Afrika", levels: region, calls: 2,
			words: []string{`did you mean Africa (002)?`}},
		{name: "nothing close, few allowed", value: "Atlantis", levels: region, calls: 2,
			words: []string{`arg: no M49 region has the code or English name "Atlantis"; ` + fiveRegions}},
		{name: "nothing close, many allowed", value: "Atlantis", calls: 2,
			words: []string{`arg: no M49 region, sub-region or intermediate region has the code or English name "Atlantis"; the regions query lists every code, name and level`}},
		{name: "blank", value: " ", calls: 0, words: []string{"arg: empty"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testgraph.Each(t, func(t *testing.T, s graph.Store) {
				c := testgraph.NewCounting(s)
				n, err := analysis.FindRegion(t.Context(), c, "arg", tc.value, tc.levels...)
				if tc.words == nil {
					wantError(t, err, "")
					if n == nil || n.ID != tc.want {
						t.Errorf("found %v, want %s", n, tc.want)
					}
				} else {
					wantError(t, err, graph.Invalid, tc.words...)
				}
				if got := c.Total(); got > tc.calls {
					t.Errorf("%d store calls, want at most %d", got, tc.calls)
				}
			})
		})
	}
}
