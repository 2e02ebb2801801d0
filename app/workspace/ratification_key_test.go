package workspace

import (
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// The kept judgment of an agreement's ratifications is keyed by every
// meeting too: a proposal decided at a meeting passes or fails by that
// meeting's attendance, so a change to a meeting must not leave a stale
// "Ratified" (or "not ratified") in place.
func TestRatificationKeyFollowsMeetings(t *testing.T) {
	w, c, _ := founded(t)
	recs := []crdt.RatificationRecord{{Proposal: "some-proposal", VersionID: "v"}}
	before, err := c.ratificationKey(recs)
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.NewMeeting(crdt.MeetingSpec{Title: "March meeting", Start: w.Now().Add(24 * time.Hour), Chair: w.Me()})
	if err != nil {
		t.Fatal(err)
	}
	withMeeting, _ := c.ratificationKey(recs)
	if withMeeting == before {
		t.Fatal("a new meeting does not change the key")
	}
	if err := c.SetMinutes(id, "# Minutes\\n", false); err != nil {
		t.Fatal(err)
	}
	if after, _ := c.ratificationKey(recs); after == withMeeting {
		t.Fatal("a change to a meeting does not change the key")
	}
}
