package workspace

import (
	"strings"
	"testing"

	"github.com/mutual-coop/mutual/crdt"
)

// A ranked-choice result names eliminated options and the winner by title.
func TestTallyTextNamesOptionsByTitle(t *testing.T) {
	_, c, _ := founded(t)
	bread, cake, pie := crdt.NewID(), crdt.NewID(), crdt.NewID()
	tr := TallyResult{Process: crdt.ProcessRanked, Result: crdt.ResultPassed, Winners: []string{bread},
		Options: []crdt.OptionCount{{ID: bread, Label: "Bread"}, {ID: cake, Label: "Cake"}, {ID: pie, Label: "Pie"}},
		Rounds: []crdt.Round{
			{Counts: []crdt.OptionCount{{ID: bread, Label: "Bread", Count: 2}, {ID: cake, Label: "Cake", Count: 2}, {ID: pie, Label: "Pie", Count: 1}}, Eliminated: []string{pie}},
			{Counts: []crdt.OptionCount{{ID: bread, Label: "Bread", Count: 3}, {ID: cake, Label: "Cake", Count: 2}}},
		}}
	text := c.TallyText(tr)
	if !strings.Contains(text, "out: Pie") || strings.Contains(text, pie) {
		t.Errorf("eliminated option not named by title:\n%s", text)
	}
	if !strings.Contains(text, "Winner: Bread") {
		t.Errorf("winner not named:\n%s", text)
	}
}
