package invite

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// Prefix starts every code in this format.
const Prefix = "mutual1:"

// SecretSize is the length of the one-time secret in bytes.
const SecretSize = 32

// DefaultTTL is how long an invite stays valid unless the inviter says otherwise.
const DefaultTTL = 7 * 24 * time.Hour

// Limits keep a hostile or mangled code from costing memory or time.
const (
	maxCodeLen    = 4096
	maxAddrs      = 16
	maxAddrLen    = 512
	maxCoopName   = 512
	checksumBytes = 4
)

var (
	// ErrMalformed means the text is not an invite code (typo, truncation,
	// wrong program) or one of its fields is out of range.
	ErrMalformed = errors.New("malformed invite code")
	// ErrNewerVersion means the code was made by a newer Mutual.
	ErrNewerVersion = errors.New("invite code was made by a newer version of Mutual")
	// ErrExpired means the invite's expiry has passed.
	ErrExpired = errors.New("invite has expired")
)

// Invite is the content of an invite code.
type Invite struct {
	Coop     string           // co-op ID (the roster document's ID)
	CoopName string           // shown to the newcomer before joining
	Inviter  peer.ID          // the admin's device to dial
	Addrs    []ma.Multiaddr   // where the inviter was reachable when inviting
	Secret   [SecretSize]byte // one-time secret proving the invitation
	Expires  time.Time        // second precision
}

// New makes an invite with a fresh random secret, expiring ttl from now.
func New(coop, coopName string, inviter peer.ID, addrs []ma.Multiaddr, ttl time.Duration, now time.Time) (Invite, error) {
	if ttl <= 0 {
		return Invite{}, fmt.Errorf("invite lifetime %v is not positive: %w", ttl, ErrMalformed)
	}
	inv := Invite{
		Coop: coop, CoopName: coopName, Inviter: inviter, Addrs: addrs,
		Expires: now.Add(ttl).Truncate(time.Second),
	}
	if _, err := rand.Read(inv.Secret[:]); err != nil {
		return Invite{}, fmt.Errorf("invite secret: %w", err)
	}
	if err := inv.validate(); err != nil {
		return Invite{}, err
	}
	return inv, nil
}

// idEncoding matches crdt IDs: lowercase base32, no padding.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// ID names the invite in listings and in RevokeInvite. It is derived from the
// secret by a one-way hash, so showing it reveals nothing usable for joining.
func (inv Invite) ID() string { return SecretID(inv.Secret[:]) }

// SecretID is the invite ID belonging to a secret.
func SecretID(secret []byte) string {
	sum := sha256.Sum256(append([]byte("mutual-invite-id-v1\n"), secret...))
	return idEncoding.EncodeToString(sum[:10])
}

// SecretHash is what the inviter stores to recognise the secret later. It
// uses a different domain string from SecretID so neither reveals the other.
func SecretHash(secret []byte) string {
	sum := sha256.Sum256(append([]byte("mutual-invite-secret-v1\n"), secret...))
	return hex.EncodeToString(sum[:])
}

// Expired reports whether the invite is no longer valid at now.
func (inv Invite) Expired(now time.Time) bool { return !now.Before(inv.Expires) }

// CheckExpiry returns a wrapped ErrExpired once the invite has expired.
func (inv Invite) CheckExpiry(now time.Time) error {
	if inv.Expired(now) {
		return fmt.Errorf("invite to %q expired at %s: %w", inv.CoopName, inv.Expires.Local().Format(time.DateTime), ErrExpired)
	}
	return nil
}

// AddrInfo is the inviter's peer ID with its addresses, ready to dial.
func (inv Invite) AddrInfo() peer.AddrInfo {
	return peer.AddrInfo{ID: inv.Inviter, Addrs: append([]ma.Multiaddr(nil), inv.Addrs...)}
}

func (inv Invite) validate() error {
	switch {
	case !validCoopID(inv.Coop):
		return fmt.Errorf("co-op ID %q: %w", inv.Coop, ErrMalformed)
	case strings.TrimSpace(inv.CoopName) == "" || len(inv.CoopName) > maxCoopName || !utf8.ValidString(inv.CoopName):
		return fmt.Errorf("co-op name is empty, too long or not UTF-8: %w", ErrMalformed)
	case inv.Inviter.Validate() != nil:
		return fmt.Errorf("inviter peer ID: %w", ErrMalformed)
	case len(inv.Addrs) == 0 || len(inv.Addrs) > maxAddrs:
		return fmt.Errorf("invite has %d addresses, want 1 to %d: %w", len(inv.Addrs), maxAddrs, ErrMalformed)
	case inv.Expires.IsZero() || inv.Expires.Unix() <= 0:
		return fmt.Errorf("invite has no expiry: %w", ErrMalformed)
	}
	if _, err := inv.Inviter.ExtractPublicKey(); err != nil {
		return fmt.Errorf("inviter peer ID does not embed its key: %w", ErrMalformed)
	}
	for _, a := range inv.Addrs {
		if a == nil || len(a.Bytes()) == 0 || len(a.Bytes()) > maxAddrLen {
			return fmt.Errorf("inviter address is empty or too long: %w", ErrMalformed)
		}
	}
	return nil
}

// validCoopID matches crdt.ValidID (26 characters of lowercase base32). It is
// repeated here so that parsing a code needs neither cgo nor Automerge.
func validCoopID(s string) bool {
	return len(s) == 26 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz234567") == ""
}
