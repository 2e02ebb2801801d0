package crdt

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// Role is what a member may do.
type Role string

// Roles. Observers take part (comment, sign up) but do not vote.
const (
	RoleAdmin    Role = "admin"
	RoleMember   Role = "member"
	RoleObserver Role = "observer"
)

// ParseRole checks a role named by a user.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAdmin, RoleMember, RoleObserver:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (want admin, member or observer): %w", s, ErrInvalid)
}

// CanVote reports whether the role's stances count in a tally.
func (r Role) CanVote() bool { return r == RoleAdmin || r == RoleMember }

// Status is whether a member still belongs to the co-op.
type Status string

// Member statuses.
const (
	StatusActive  Status = "active"
	StatusRemoved Status = "removed"
)

// Roster is the co-op's membership document. Its ID is the co-op ID, derived
// from the founder's key and a nonce, so nobody can later swap the founder
// (the root of the roster's chain of admins) without changing the co-op ID
// every member already knows.
type Roster struct{ *Doc }

// CoopID derives the co-op ID from the founder's member ID and a nonce.
func CoopID(founder MemberID, nonce string) string {
	sum := sha256.Sum256([]byte("mutual-coop-v1\n" + string(founder) + "\n" + nonce))
	return idEncoding.EncodeToString(sum[:16])
}

// NewRoster founds a co-op: me becomes its first admin.
func NewRoster(coopName, founderName string, me *Identity, now time.Time) (*Roster, error) {
	coopName, founderName = strings.TrimSpace(coopName), strings.TrimSpace(founderName)
	if coopName == "" || founderName == "" {
		return nil, fmt.Errorf("co-op name and member name are required: %w", ErrInvalid)
	}
	if me == nil {
		return nil, ErrReadOnly
	}
	var nonce [16]byte
	copy(nonce[:], NewID())
	n := hex.EncodeToString(nonce[:])
	coop := CoopID(me.Member(), n)
	d, err := newDoc(KindRoster, coop, coop, coopName, me, now)
	if err != nil {
		return nil, err
	}
	r := &Roster{d}
	genesis := RosterEntry{Member: me.Member(), Name: founderName, Role: RoleAdmin, Status: StatusActive, At: now.UTC().Truncate(time.Millisecond), By: me.Member()}
	genesis.Sig = me.Sign(genesis.signedBytes(coop))
	err = d.change("found co-op", func(root *automerge.Map) error {
		if err := root.Set("founder", string(me.Member())); err != nil {
			return err
		}
		if err := root.Set("nonce", n); err != nil {
			return err
		}
		if err := root.Set("entries", automerge.NewList()); err != nil {
			return err
		}
		return appendEntry(root, genesis)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// AsRoster checks that d is a roster.
func AsRoster(d *Doc) (*Roster, error) {
	if d.Kind() != KindRoster {
		return nil, fmt.Errorf("%s is a %s: %w", d.ID(), d.Kind(), ErrWrongKind)
	}
	return &Roster{d}, nil
}

// LoadRoster opens saved bytes as a roster.
func LoadRoster(b []byte, me *Identity) (*Roster, error) {
	d, err := Load(b, me)
	if err != nil {
		return nil, err
	}
	return AsRoster(d)
}

// Name is the co-op's name.
func (r *Roster) Name() string { return r.Title() }
