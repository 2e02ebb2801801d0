package crdt

import (
	"errors"
	"testing"

	"github.com/automerge/automerge-go"
)

func settingsOf(t *testing.T, r *Roster) CoopSettings {
	t.Helper()
	s, err := r.Settings()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCoopSettings(t *testing.T) {
	f := newPropFixture(t)
	if !settingsOf(t, f.roster).InternetDiscovery {
		t.Fatal("internet discovery is off in a new co-op")
	}
	if err := f.roster.SetSettings(CoopSettings{InternetDiscovery: false}); err != nil {
		t.Fatal(err)
	}
	if settingsOf(t, f.roster).InternetDiscovery {
		t.Fatal("the admin's setting did not hold")
	}
	ben := rosterAs(t, f.roster, f.ids["ben"])
	if err := ben.SetSettings(DefaultCoopSettings); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("a member who is not an admin changed the settings: %v", err)
	}
	// Ben's modified copy writes a settings record signed by himself, and
	// another deletes the admin's: neither changes the setting.
	bad := attackerWrite(t, f.roster.Doc, f.ids["ben"], func(root *automerge.Map) error {
		rec, err := sealRecord(recordCoopSettings, f.roster.ID(), f.ids["ben"], f.now.Add(1e12).UnixMilli(), DefaultCoopSettings)
		if err != nil {
			return err
		}
		return putRecord(root, rec)
	})
	if err := f.roster.Merge(bad); err != nil {
		t.Fatal(err)
	}
	if settingsOf(t, f.roster).InternetDiscovery {
		t.Fatal("a non-admin's signed settings record counts")
	}
	del := attackerWrite(t, f.roster.Doc, f.ids["ben"], func(root *automerge.Map) error { return root.Delete(recordsKey) })
	if err := f.roster.Merge(del); err != nil {
		t.Fatal(err)
	}
	if settingsOf(t, f.roster).InternetDiscovery {
		t.Fatal("deleting the admin's record in another copy changed the setting")
	}
}
