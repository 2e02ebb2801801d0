package peer

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/invite"
)

func joinCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestInviteAndJoin: an admin invites, a newcomer joins with the code, is in
// the roster under its name and receives every document; the code cannot be
// used again, and only admins can invite.
func TestInviteAndJoin(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 2)
	doc := addAgreement(t, ms[0], "House rules", "Be kind.")
	start(t, ms, nil)
	admin, plain := ms[0], ms[1]
	coop := admin.rep.Coop()
	if _, err := plain.node.SyncOnce(context.Background(), addrOf(t, admin.node, "tcp")); err != nil {
		t.Fatal(err)
	}

	if _, err := plain.node.CreateInvite(coop, 0); !errors.Is(err, ErrNotAdmin) {
		t.Fatalf("a non-admin invited: %v", err)
	}
	code, err := admin.node.CreateInvite(coop, 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(code, " \n") || !strings.HasPrefix(code, invite.Prefix) {
		t.Fatalf("code is not one line: %q", code)
	}
	inv, err := ParseInvite(code)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Coop != coop || inv.CoopName != "Bakery" || inv.Inviter != admin.node.PeerID() {
		t.Fatalf("invite content: %+v", inv)
	}
	if d := time.Until(inv.Expires); d < 6*24*time.Hour || d > 7*24*time.Hour+time.Minute {
		t.Fatalf("default expiry is %v away, want 7 days", d)
	}

	j := newJoiner(t, nil)
	got, err := j.node.Join(joinCtx(t), code, "  Jo  ", j.newReplica)
	if err != nil {
		t.Fatal(err)
	}
	if got != coop {
		t.Fatalf("joined %s, want %s", got, coop)
	}
	rep := j.reps[coop].get()
	v, err := rep.Roster()
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := v.Member(j.id.Member()); !ok || !m.Active() || m.Name != "Jo" || m.Role != crdt.RoleMember || m.AddedBy != admin.ID() {
		t.Fatalf("joiner's roster entry: %+v", m)
	}
	jm := &member{rep: rep}
	if body(jm, doc) != "Be kind." {
		t.Fatal("the joiner did not receive the co-op's documents")
	}
	waitFor(t, 10*time.Second, "the other member to learn of the newcomer", func() bool {
		v, err := plain.rep.Roster()
		return err == nil && v.IsActive(j.id.Member())
	})

	list, err := admin.node.Invites(coop)
	if err != nil || len(list) != 1 {
		t.Fatalf("invites: %+v %v", list, err)
	}
	if list[0].Status(time.Now()) != "used" || list[0].UsedBy != j.id.Member() || list[0].ID != inv.ID() {
		t.Fatalf("invite record after use: %+v", list[0])
	}
	if strings.Contains(list[0].Hash, string(inv.Secret[:])) {
		t.Fatal("the secret is stored")
	}

	// Used twice: refused, and the second newcomer is not added.
	if _, err := admin.node.CreateInvite(coop, time.Hour); err != nil { // keeps strangers admitted
		t.Fatal(err)
	}
	k := newJoiner(t, nil)
	if _, err := k.node.Join(joinCtx(t), code, "Kim", k.newReplica); !errors.Is(err, ErrInviteUsed) {
		t.Fatalf("second use: got %v, want ErrInviteUsed", err)
	}
	if v, _ := admin.rep.Roster(); v.IsActive(k.id.Member()) {
		t.Fatal("a used code admitted a second member")
	}
	if _, err := j.node.Join(joinCtx(t), code, "Jo", j.newReplica); !errors.Is(err, ErrAlreadyMember) {
		t.Fatalf("joining again: got %v, want ErrAlreadyMember", err)
	}
	// Peers shows the newcomer to the admin.
	found := false
	for _, p := range admin.node.Peers(coop) {
		found = found || (p.Member == j.id.Member() && p.Name == "Jo")
	}
	if !found {
		t.Fatalf("admin's Peers lacks the newcomer: %+v", admin.node.Peers(coop))
	}
}

// TestInviteExpired: expiry is checked by the newcomer (its own clock) and
// by the inviter (whose word counts).
func TestInviteExpired(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 1)
	var skew atomic.Int64 // the inviter's clock offset
	start(t, ms, func(c *Config) {
		c.Now = func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	})
	admin := ms[0]
	coop := admin.rep.Coop()
	short, err := admin.node.CreateInvite(coop, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.node.CreateInvite(coop, 30*24*time.Hour); err != nil { // keeps the door open
		t.Fatal(err)
	}

	late := newJoiner(t, func(c *Config) { c.Now = func() time.Time { return time.Now().Add(2 * time.Hour) } })
	if _, err := late.node.Join(joinCtx(t), short, "Lee", late.newReplica); !errors.Is(err, ErrInviteExpired) {
		t.Fatalf("newcomer's clock past expiry: got %v", err)
	}

	skew.Store(int64(2 * time.Hour))
	j := newJoiner(t, nil)
	if _, err := j.node.Join(joinCtx(t), short, "Jo", j.newReplica); !errors.Is(err, ErrInviteExpired) {
		t.Fatalf("inviter's clock past expiry: got %v", err)
	}
	if v, _ := admin.rep.Roster(); v.IsActive(j.id.Member()) {
		t.Fatal("an expired code admitted a member")
	}
	list, err := admin.node.Invites(coop)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, i := range list {
		statuses[i.Status(admin.node.o.Now())]++
	}
	if statuses["expired"] != 1 || statuses["open"] != 1 {
		t.Fatalf("invite statuses: %v", statuses)
	}
}

// TestInviteRevoked: a revoked code is refused; revoking the only open
// invite shuts strangers out altogether.
func TestInviteRevoked(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 1)
	start(t, ms, nil)
	admin := ms[0]
	coop := admin.rep.Coop()
	code, err := admin.node.CreateInvite(coop, 0)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := ParseInvite(code)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.node.RevokeInvite(inv.ID()); err != nil {
		t.Fatal(err)
	}
	if err := admin.node.RevokeInvite(inv.ID()); err != nil {
		t.Fatalf("revoking twice: %v", err)
	}
	if err := admin.node.RevokeInvite("nosuchinvite"); !errors.Is(err, ErrInviteUnknown) {
		t.Fatalf("revoking an unknown invite: %v", err)
	}

	// No invite open: the stranger cannot even get a connection.
	j := newJoiner(t, nil)
	if _, err := j.node.Join(joinCtx(t), code, "Jo", j.newReplica); err == nil {
		t.Fatal("joined with a revoked code")
	}
	// Another invite open: the stranger reaches the inviter, who refuses.
	other, err := admin.node.CreateInvite(coop, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.node.Join(joinCtx(t), code, "Jo", j.newReplica); !errors.Is(err, ErrInviteRevoked) {
		t.Fatalf("revoked code: got %v, want ErrInviteRevoked", err)
	}
	if v, _ := admin.rep.Roster(); v.IsActive(j.id.Member()) {
		t.Fatal("a revoked code admitted a member")
	}
	// A used invite cannot be revoked.
	if _, err := j.node.Join(joinCtx(t), other, "Jo", j.newReplica); err != nil {
		t.Fatal(err)
	}
	otherInv, _ := ParseInvite(other)
	if err := admin.node.RevokeInvite(otherInv.ID()); !errors.Is(err, ErrInviteUsed) {
		t.Fatalf("revoking a used invite: %v", err)
	}
}

// TestInviteMalformed: garbage and damaged codes are reported as malformed
// without contacting anyone.
func TestInviteMalformed(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 1)
	start(t, ms, nil)
	code, err := ms[0].node.CreateInvite(ms[0].rep.Coop(), 0)
	if err != nil {
		t.Fatal(err)
	}
	damaged := code[:len(code)-5] + "AAAAA"
	j := newJoiner(t, nil)
	for _, c := range []string{"", "hello", "mutual1:", damaged, code[:30]} {
		if _, err := j.node.Join(joinCtx(t), c, "Jo", j.newReplica); !errors.Is(err, ErrMalformedInvite) {
			t.Errorf("code %q: got %v, want ErrMalformedInvite", c, err)
		}
	}
	if _, err := j.node.Join(joinCtx(t), code, " ", j.newReplica); !errors.Is(err, ErrConfig) {
		t.Errorf("empty name: got %v", err)
	}
	if len(j.reps) != 0 {
		t.Fatal("a malformed code created a replica")
	}
}

// TestJoinRateLimited: a stranger guessing secrets is cut off after a few
// tries, while another newcomer with a real code still joins.
func TestJoinRateLimited(t *testing.T) {
	ms := newCoopMembers(t, "Bakery", 1)
	start(t, ms, nil)
	admin := ms[0]
	coop := admin.rep.Coop()
	real, err := admin.node.CreateInvite(coop, 0)
	if err != nil {
		t.Fatal(err)
	}
	realInv, err := ParseInvite(real)
	if err != nil {
		t.Fatal(err)
	}
	guesser := newJoiner(t, nil)
	limited := false
	for try := range joinPerPeerBurst + 2 {
		forged, err := invite.New(coop, "Bakery", realInv.Inviter, realInv.Addrs, time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		fc, err := forged.Encode()
		if err != nil {
			t.Fatal(err)
		}
		_, err = guesser.node.Join(joinCtx(t), fc, "Eve", guesser.newReplica)
		switch {
		case errors.Is(err, ErrRateLimited):
			limited = true
			if try < joinPerPeerBurst {
				t.Fatalf("rate-limited after only %d tries", try)
			}
		case !errors.Is(err, ErrInviteUnknown):
			t.Fatalf("try %d: got %v, want ErrInviteUnknown or ErrRateLimited", try, err)
		}
	}
	if !limited {
		t.Fatal("the join protocol never rate-limited a guesser")
	}
	j := newJoiner(t, nil)
	if _, err := j.node.Join(joinCtx(t), real, "Jo", j.newReplica); err != nil {
		t.Fatalf("another newcomer was caught by the guesser's limit: %v", err)
	}
}
