package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nexus-graph/nexus/importer"
)

// untcGrid is the top of a page saved as HTML, to its status table's
// header: the fuzzed rows of FuzzUntc follow it.
const untcGrid = "<p>STATUS AS AT : 16-05-2025</p><p>CHAPTER XVIII</p><p>PENAL MATTERS</p>" +
	"<p>15 . International Convention for the Suppression of Acts of Nuclear Terrorism</p>\n" +
	`<table id="ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid"><tr><td>Participant</td><td>Signature</td>` +
	"<td>Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)</td></tr>\n"

// FuzzUntc reads a status table of the UN Treaty Collection whose rows are
// fuzzed, copied as text or in a page saved as HTML, within fuzzed limits,
// and checks what the other fuzz targets check: no panic; either a batch
// whose every fact is sourced to a line of the file, or problems each at a
// line of the file, in order, counted.
//
// go test -run '^$' -fuzz FuzzUntc ./importer
func FuzzUntc(f *testing.F) {
	for _, rows := range []string{
		"France\t14 Sep 2005\t\n",
		"Algeria\t\t 3 Mar 2011 a\nBelarus\t15 Sep 2005\t13 Mar 2007 A\nDenmark2\t14 Sep 2005\t20 Mar 2007 AA4\nMontenegro\t3 Jun 2006 d\t13 Feb 2008 d\n",
		"Holy See\t\t3 Apr 2009 a\nEuropean Union\t21 Sep 2006\t5 Jun 2008 c\n[Spain]\t14 Sep 2005\t\n",
		"Frnace\t31 Feb 2006\t1 Jan 2010 x\nFrance\t14 Sep 2005\t\nFrance 1\t14 Sep 2005\t\tx\n",
		"China¹\t14 Sept 2005\t8 November 2010\n\n1 footnote\n",
	} {
		f.Add([]byte(rows), false, uint16(0), uint16(0))
		f.Add([]byte(rows), false, uint16(2), uint16(len(untcTop)+len(rows)/2))
	}
	for _, rows := range []string{
		"<tr><td>Algeria</td><td>&nbsp;</td><td>&nbsp;3 Mar 2011 a</td></tr>\n<tr><td>China<sup>1</sup></td><td>14 Sep 2005</td><td>&nbsp;8 Nov 2010</td></tr>\n",
		"<tr><td>C&ocirc;te d&#39;Ivoire</td><td></td><td>12 Mar 2012 a</td></tr>\n<tr><td>Niue<td><td>1 Aug 2011 a\n",
		"<!-- saved from url=(0010)https://x\u202e/ --><tr><td>France</td><td>14 Sep 2005</td></tr></table><table><tr><td>Participant</td></tr>",
	} {
		f.Add([]byte(rows), true, uint16(0), uint16(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, html bool, maxRows, maxBytes uint16) {
		name, content := "table.tsv", untcTop+untcHeader+string(data)
		if html {
			name, content = "page.html", untcGrid+string(data)
		}
		limits := importer.Limits{MaxRows: int(maxRows), MaxBytes: int64(maxBytes)}
		b, err := limits.Read(context.Background(), fuzzStore(t), importer.File{Name: name, R: strings.NewReader(content)})
		if err != nil {
			checkProblems(t, err, b, map[string]string{name: content})
			return
		}
		checkBatch(t, b, content, 0, limits)
	})
}
