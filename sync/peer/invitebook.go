package peer

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/mutual-coop/mutual/crdt"
	"github.com/mutual-coop/mutual/sync/invite"
)

// forgetAfter is how long after expiry an invite's record is kept (for the
// listing) before it is dropped.
const forgetAfter = 30 * 24 * time.Hour

// InviteInfo is an invite as the inviter remembers it. The secret itself is
// not kept, only its hash: the data directory alone cannot be used to join.
type InviteInfo struct {
	ID         string        `json:"id"`
	Coop       string        `json:"coop"`
	Hash       string        `json:"hash"`
	Created    time.Time     `json:"created"`
	Expires    time.Time     `json:"expires"`
	UsedBy     crdt.MemberID `json:"usedBy,omitempty"`
	UsedByName string        `json:"usedByName,omitempty"`
	UsedAt     time.Time     `json:"usedAt,omitzero"`
	RevokedAt  time.Time     `json:"revokedAt,omitzero"`
}

// Status is "open", "used", "revoked" or "expired" at now.
func (i InviteInfo) Status(now time.Time) string {
	switch {
	case i.UsedBy != "":
		return "used"
	case !i.RevokedAt.IsZero():
		return "revoked"
	case !now.Before(i.Expires):
		return "expired"
	}
	return "open"
}

// inviteBook keeps each co-op's invites as one KV record ("invites/<coop>"):
// a co-op issues few invites, so one small record per co-op needs no scans.
// All changes go through mu, so two joins racing with one code cannot both
// succeed.
type inviteBook struct {
	kv         KV
	isNotFound func(error) bool

	mu   sync.Mutex
	open map[string]time.Time // invite ID -> expiry, for the gater's fast check
}

func newInviteBook(kv KV, isNotFound func(error) bool) *inviteBook {
	return &inviteBook{kv: kv, isNotFound: isNotFound, open: map[string]time.Time{}}
}

func invitesKey(coop string) string { return "invites/" + coop }

// read returns the co-op's invites. Callers hold b.mu.
func (b *inviteBook) read(coop string) ([]InviteInfo, error) {
	raw, err := b.kv.Get(invitesKey(coop))
	if err != nil {
		if b.isNotFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("read invites: %w", err)
	}
	var out []InviteInfo
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("stored invites are unreadable: %w", err)
	}
	return out, nil
}

// write stores the co-op's invites, dropping long-expired ones. Callers hold b.mu.
func (b *inviteBook) write(coop string, list []InviteInfo, now time.Time) error {
	list = slices.DeleteFunc(list, func(i InviteInfo) bool { return now.Sub(i.Expires) > forgetAfter })
	raw, err := json.Marshal(list)
	if err != nil {
		return fmt.Errorf("encode invites: %w", err)
	}
	if err := b.kv.Put(invitesKey(coop), raw); err != nil {
		return fmt.Errorf("store invites: %w", err)
	}
	b.track(list, now)
	return nil
}

// track updates the open set from list. Callers hold b.mu.
func (b *inviteBook) track(list []InviteInfo, now time.Time) {
	for _, i := range list {
		if i.Status(now) == "open" {
			b.open[i.ID] = i.Expires
		} else {
			delete(b.open, i.ID)
		}
	}
}

// load reads a co-op's invites into the open set (when the co-op is added).
func (b *inviteBook) load(coop string, now time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	list, err := b.read(coop)
	if err != nil {
		return err
	}
	b.track(list, now)
	return nil
}

// anyOpen reports whether some invite is open at now: only then may
// strangers connect (to the join protocol).
func (b *inviteBook) anyOpen(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, exp := range b.open {
		if now.Before(exp) {
			return true
		}
	}
	return false
}

// add records a new invite.
func (b *inviteBook) add(inv invite.Invite, now time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	list, err := b.read(inv.Coop)
	if err != nil {
		return err
	}
	list = append(list, InviteInfo{
		ID: inv.ID(), Coop: inv.Coop, Hash: invite.SecretHash(inv.Secret[:]),
		Created: now.UTC(), Expires: inv.Expires.UTC(),
	})
	return b.write(inv.Coop, list, now)
}

// list returns the co-op's invites, newest first.
func (b *inviteBook) list(coop string) ([]InviteInfo, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	list, err := b.read(coop)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(x, y InviteInfo) int { return y.Created.Compare(x.Created) })
	return list, nil
}

// revoke marks invite id of one of coops revoked. Revoking twice is fine;
// revoking a used invite is an error (the member is in: remove them instead).
func (b *inviteBook) revoke(coops []string, id string, now time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, coop := range coops {
		list, err := b.read(coop)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(x InviteInfo) bool { return x.ID == id })
		if i < 0 {
			continue
		}
		switch {
		case list[i].UsedBy != "":
			return fmt.Errorf("invite %s was already used by %s (remove the member instead): %w", id, list[i].UsedByName, ErrInviteUsed)
		case !list[i].RevokedAt.IsZero():
			return nil
		}
		list[i].RevokedAt = now.UTC()
		return b.write(coop, list, now)
	}
	return fmt.Errorf("invite %s: %w", id, ErrInviteUnknown)
}

// consume checks secret against the co-op's invites and marks the matching
// one used by joiner. A joiner presenting an invite it already used gets
// success again, so a join whose reply was lost can be retried.
func (b *inviteBook) consume(coop string, secret []byte, joiner crdt.MemberID, name string, now time.Time) (InviteInfo, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	list, err := b.read(coop)
	if err != nil {
		return InviteInfo{}, err
	}
	id, hash := invite.SecretID(secret), invite.SecretHash(secret)
	i := slices.IndexFunc(list, func(x InviteInfo) bool { return x.ID == id })
	if i < 0 || subtle.ConstantTimeCompare([]byte(list[i].Hash), []byte(hash)) != 1 {
		return InviteInfo{}, ErrInviteUnknown
	}
	inv := list[i]
	switch {
	case inv.UsedBy == joiner:
		return inv, nil
	case inv.UsedBy != "":
		return InviteInfo{}, ErrInviteUsed
	case !inv.RevokedAt.IsZero():
		return InviteInfo{}, ErrInviteRevoked
	case !now.Before(inv.Expires):
		return InviteInfo{}, ErrInviteExpired
	}
	list[i].UsedBy, list[i].UsedByName, list[i].UsedAt = joiner, name, now.UTC()
	if err := b.write(coop, list, now); err != nil {
		return InviteInfo{}, err
	}
	return list[i], nil
}

// release undoes consume when the roster could not be changed, so the code
// can be tried again.
func (b *inviteBook) release(coop, id string, now time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	list, err := b.read(coop)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(x InviteInfo) bool { return x.ID == id })
	if i < 0 {
		return nil
	}
	list[i].UsedBy, list[i].UsedByName, list[i].UsedAt = "", "", time.Time{}
	return b.write(coop, list, now)
}
