package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/mutual-coop/mutual/app/workspace"
)

func (h *harness) agreementView() *agreementView {
	h.t.Helper()
	v, ok := h.u.shell.view.(*agreementView)
	if !ok || v.data == nil {
		h.t.Fatalf("no agreement is open (view %T)", h.u.shell.view)
	}
	return v
}

func body(t *testing.T, c *workspace.Coop, id string) string {
	t.Helper()
	a, err := c.Agreement(id)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.Body()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// typeAt puts the cursor at rune offset pos and types s.
func typeAt(e *liveEditor, pos int, s string) {
	setCursorOffset(e.entry, pos)
	test.Type(e.entry, s)
}

func TestEditAgreementAndSeeTheVersionDiff(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	h.u.shell.showSection(secAgreements)
	h.settle()
	h.tap("New agreement")
	f := h.u.shell.titleForm
	test.Type(f.title, "Bylaws")
	f.text.SetText("# Bylaws\n\nMembers meet every month.\n")
	test.Tap(f.create)
	h.settle()
	v := h.agreementView()
	id := v.id
	if v.editor.entry.Text != "# Bylaws\n\nMembers meet every month.\n" {
		t.Fatalf("editor shows %q", v.editor.entry.Text)
	}
	v.saveVersion("First draft")
	h.settle()

	// Type; the pause saves it.
	end := strings.Index(v.editor.entry.Text, "month.") + len("month.")
	typeAt(v.editor, end, " Minutes are shared with everyone.")
	h.settle()
	want := "# Bylaws\n\nMembers meet every month. Minutes are shared with everyone.\n"
	if got := body(t, h.coop(), id); got != want {
		t.Fatalf("saved body %q, want %q", got, want)
	}
	if v.editor.state.Text != "All changes saved." {
		t.Fatalf("editor state %q", v.editor.state.Text)
	}

	// The versions tab compares "First draft" with the text now.
	v = h.agreementView()
	p := v.versions
	if p.from.Selected != "First draft ("+dateOnly(h.u.now(), h.u.now())+")" || p.to.Selected != currentText {
		t.Fatalf("compare %q with %q", p.from.Selected, p.to.Selected)
	}
	var inserted string
	for _, op := range p.ops {
		if op.Op == workspace.DiffInsert {
			inserted += op.Text
		}
	}
	if !strings.Contains(inserted, "Minutes are shared with everyone.") {
		t.Fatalf("diff inserts %q; ops %+v", inserted, p.ops)
	}
	if p.summary.Text != "5 words added, 0 words removed." {
		t.Fatalf("summary %q", p.summary.Text)
	}
	h.wantText("Minutes are shared with everyone.")
	p.layout.SetSelected("Inline")
	h.settle()
	if rt, ok := p.diff.Objects[0].(interface{ String() string }); !ok || !strings.Contains(rt.String(), "Members meet every month. Minutes") {
		t.Fatalf("inline diff shows %v", p.diff.Objects[0])
	}
}

// remoteSetup opens an agreement and gives a colleague a copy of it.
func remoteSetup(t *testing.T, text string) (*harness, *colleague, *agreementView) {
	t.Helper()
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	bo := newColleague(t, h, "Bo", "member")
	c := h.coop()
	id, err := c.NewAgreement("Bylaws", text)
	if err != nil {
		t.Fatal(err)
	}
	bo.receive(t, c, id)
	h.u.shell.showSection(secAgreements)
	h.settle()
	return h, bo, h.agreementView()
}

func TestRemoteEditWhileTypingKeepsWordsAndCursor(t *testing.T) {
	const text = "Members meet monthly.\nDecisions need consent.\n"
	h, bo, v := remoteSetup(t, text)
	c := h.coop()
	e := v.editor

	// I type at the end of the first line, and do not pause.
	at := strings.Index(text, "monthly.") + len("monthly.")
	typeAt(e, at, " Online too.")
	if !e.dirty {
		t.Fatal("typing did not mark the editor dirty")
	}
	// Bo's edit before my cursor arrives meanwhile.
	if err := bo.coop.SpliceAgreement(v.id, 0, 0, "# Bylaws\n\n"); err != nil {
		t.Fatal(err)
	}
	bo.send(t, c, v.id)
	h.settle()

	want := "# Bylaws\n\nMembers meet monthly. Online too.\nDecisions need consent.\n"
	if e.entry.Text != want {
		t.Fatalf("editor shows %q, want %q", e.entry.Text, want)
	}
	if got, wantPos := e.entry.CursorTextOffset(), len([]rune("# Bylaws\n\nMembers meet monthly. Online too.")); got != wantPos {
		t.Fatalf("cursor at %d, want %d (right after what I typed)", got, wantPos)
	}
	if got := body(t, c, v.id); got != want {
		t.Fatalf("saved body %q, want %q", got, want)
	}
	// I keep typing where I was.
	test.Type(e.entry, " And by phone.")
	h.settle()
	if got := body(t, c, v.id); !strings.Contains(got, "Online too. And by phone.\nDecisions") {
		t.Fatalf("saved body after typing on: %q", got)
	}

	// Bo's edit after my cursor does not move it.
	pos := e.entry.CursorTextOffset()
	bo.receive(t, c, v.id)
	if err := bo.coop.SetAgreementBody(v.id, body(t, c, v.id)+"Amendments need two thirds.\n"); err != nil {
		t.Fatal(err)
	}
	typeAt(e, pos, "!")
	bo.send(t, c, v.id)
	h.settle()
	if got := e.entry.CursorTextOffset(); got != pos+1 {
		t.Fatalf("cursor moved to %d, want %d", got, pos+1)
	}
	if !strings.HasSuffix(e.entry.Text, "Amendments need two thirds.\n") || !strings.Contains(e.entry.Text, "phone.!") {
		t.Fatalf("editor shows %q", e.entry.Text)
	}
}

func TestRemoteEditDuringASaveIsMerged(t *testing.T) {
	const text = "Shifts are swapped in Mutual.\n"
	h, bo, v := remoteSetup(t, text)
	c := h.coop()
	e := v.editor
	typeAt(e, len([]rune(text)), "Swaps need a day's notice.\n")
	e.commit() // the save starts…
	if err := bo.coop.SpliceAgreement(v.id, 0, 0, "Rota rules. "); err != nil {
		t.Fatal(err)
	}
	bo.send(t, c, v.id) // …while Bo's edit arrives
	test.Type(e.entry, "Thanks.")
	h.settle()
	want := "Rota rules. Shifts are swapped in Mutual.\nSwaps need a day's notice.\nThanks."
	if e.entry.Text != want {
		t.Fatalf("editor shows %q, want %q", e.entry.Text, want)
	}
	if got := body(t, c, v.id); got != want {
		t.Fatalf("saved %q, want %q", got, want)
	}
	if got := e.entry.CursorTextOffset(); got != len([]rune(want)) {
		t.Fatalf("cursor at %d, want the end (%d)", got, len([]rune(want)))
	}
}

func TestAcceptAmendmentThenRatifyAndSign(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	c := h.coop()
	id, err := c.NewAgreement("Policy", "# Policy\n\n## Breaks\n\nTen minutes.\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ProposeAmendment(id, workspace.AmendmentSpec{Section: "Breaks", Replacement: "Fifteen minutes.\n", Reason: "Long shifts"}); err != nil {
		t.Fatal(err)
	}
	h.u.shell.showSection(secAgreements)
	h.settle()
	h.agreementView().tabs.SelectIndex(3)
	h.wantText("Why: Long shifts")
	h.tap("Accept")
	if got := body(t, c, id); !strings.Contains(got, "Fifteen minutes.") {
		t.Fatalf("accepted amendment not applied: %q", got)
	}
	v := h.agreementView()
	if !strings.Contains(v.editor.entry.Text, "Fifteen minutes.") {
		t.Fatalf("editor not refreshed: %q", v.editor.entry.Text)
	}
	h.wantText("Accepted by you")

	// Ratify the amended text: a version, a consent proposal naming it that
	// passes, the ratification recorded from the proposal, then signed.
	ver, err := c.SaveVersion(id, "2025")
	if err != nil {
		t.Fatal(err)
	}
	h.settle()
	v = h.agreementView()
	v.tabs.SelectIndex(4)
	v.ratify.version.SetSelected("2025")
	h.tap("Put it to a vote…")
	f := h.u.shell.proposalForm
	if f.ratifies == nil || f.ratifies.Version != ver {
		t.Fatalf("the ratification proposal names %+v", f.ratifies)
	}
	test.Tap(f.create)
	h.settle()
	pv := h.proposalView()
	pv.vote.radio.SetSelected("Agree")
	test.Tap(pv.vote.submit)
	h.settle()
	h.proposalView().manage.closeNow()
	h.settle()
	h.tap("Record the ratification")
	h.wantText("Recorded")
	h.tap("Open the agreement")
	v = h.agreementView()
	v.tabs.SelectIndex(4)
	h.settle()
	h.wantText("Ratified: 2025")
	h.wantText("Signed by 0 of 1 voting members")
	h.tap("Sign")
	h.wantText("Signed by 1 of 1 voting members")
	h.wantText("You signed.")
	if h.agreementView().status.Text != "Ratified: this text is what the co-op agreed" {
		t.Fatalf("status %q", h.agreementView().status.Text)
	}
}

func TestTypingIsSavedWhenTheWindowCloses(t *testing.T) {
	const text = "Members meet monthly.\n"
	h, _, v := remoteSetup(t, text)
	typeAt(v.editor, len([]rune(text)), "Quorum is half.")
	// The window closes before the pause would have saved it.
	h.u.closing = true
	h.u.close()
	if got := body(t, h.coop(), v.id); got != text+"Quorum is half." {
		t.Fatalf("body after closing %q", got)
	}
}

// ratifiedPolicy makes an agreement whose current text is ratified, through
// the facade: a version, a consent proposal naming it that passes, and the
// ratification recorded from it.
func ratifiedPolicy(t *testing.T, h *harness) string {
	t.Helper()
	c := h.coop()
	id, err := c.NewAgreement("Policy", "# Policy\n\n## Breaks\n\nTen minutes.\n")
	if err != nil {
		t.Fatal(err)
	}
	ver, err := c.SaveVersion(id, "2026")
	if err != nil {
		t.Fatal(err)
	}
	pid, err := c.NewProposal(workspace.ProposalSpec{Title: "Ratify the policy", Process: workspace.ProcessConsent,
		ClosesAt: h.ws.Now().Add(48 * time.Hour), Ratifies: &workspace.RatifyLink{Agreement: id, Version: ver}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.VoteWords(pid, []string{"agree"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := c.CloseProposal(pid); err != nil {
		t.Fatal(err)
	}
	if err := c.Ratify(id, ver, pid); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestRatifiedTextOpensReadOnly: a stray keystroke used to change ratified
// bylaws; now the text is read-only until "Edit the text" is confirmed.
func TestRatifiedTextOpensReadOnly(t *testing.T) {
	h := newHarness(t, founded("Riverside Bakery", "Ana"))
	id := ratifiedPolicy(t, h)
	h.u.shell.showSection(secAgreements)
	h.settle()
	v := h.agreementView()
	if v.data.status != workspace.AgreementRatified {
		t.Fatalf("fixture status %q", v.data.status)
	}
	if !v.editor.entry.Disabled() || v.editBox.Visible() || !v.lockedBox.Visible() {
		t.Fatalf("ratified text: editor disabled %v, editor shown %v, read-only text shown %v",
			v.editor.entry.Disabled(), v.editBox.Visible(), v.lockedBox.Visible())
	}
	h.wantText("Propose a change…")
	typeAt(v.editor, 0, "x")
	h.settle()
	if got := body(t, h.coop(), id); strings.HasPrefix(got, "x") {
		t.Fatalf("a keystroke changed the ratified text: %q", got)
	}
	if h.agreementView().data.status != workspace.AgreementRatified {
		t.Fatal("the status changed without an edit")
	}

	// "Propose a change" opens the amendment form on the Amendments tab.
	h.tap("Propose a change…")
	if got := h.agreementView().tabs.Selected().Text; got != "Amendments" {
		t.Fatalf("propose a change opened %q", got)
	}

	for _, o := range h.win.Canvas().Overlays().List() {
		h.win.Canvas().Overlays().Remove(o)
	}
	h.agreementView().tabs.SelectIndex(0)
	h.settle()

	// Editing anyway takes a confirmation.
	h.tap("Edit the text…")
	if !h.agreementView().editor.entry.Disabled() {
		t.Fatal("the text became editable before the member confirmed")
	}
	h.tap("Yes")
	if v := h.agreementView(); v.editor.entry.Disabled() || !v.editBox.Visible() {
		t.Fatal("after confirming, the text is not editable")
	}
}
