package crdt

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// MemberID names a member: the lowercase hex of the device's Ed25519 public
// key. It doubles as the Automerge actor ID of every change that device makes,
// so a change's author is checkable against the roster without extra metadata.
type MemberID string

// PublicKey decodes the member ID back into the key it names.
func (m MemberID) PublicKey() (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(string(m))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("member ID %q: %w", m.Short(), ErrInvalid)
	}
	return ed25519.PublicKey(b), nil
}

// Short is the first 8 characters, for messages and logs.
func (m MemberID) Short() string {
	if len(m) > 8 {
		return string(m[:8])
	}
	return string(m)
}

// Verify reports whether sig is m's signature over msg.
func (m MemberID) Verify(msg, sig []byte) bool {
	pub, err := m.PublicKey()
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(pub, msg, sig)
}

// Identity is a device's signing key. The same key identifies the member in
// the roster, signs stances and roster entries, and (in sync/) is the libp2p
// host key.
type Identity struct {
	key ed25519.PrivateKey
}

// NewIdentity makes a fresh random identity.
func NewIdentity() (*Identity, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate identity: %w", err)
	}
	return &Identity{key: key}, nil
}

// IdentityFromSeed rebuilds an identity from its 32-byte seed (as stored).
func IdentityFromSeed(seed []byte) (*Identity, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("identity seed has %d bytes, want %d: %w", len(seed), ed25519.SeedSize, ErrInvalid)
	}
	return &Identity{key: ed25519.NewKeyFromSeed(seed)}, nil
}

// Seed is the 32-byte secret from which the identity can be rebuilt.
func (id *Identity) Seed() []byte { return id.key.Seed() }

// PrivateKey is the full Ed25519 private key (for the libp2p host).
func (id *Identity) PrivateKey() ed25519.PrivateKey { return id.key }

// Member is the identity's member ID.
func (id *Identity) Member() MemberID {
	return MemberID(hex.EncodeToString(id.key.Public().(ed25519.PublicKey)))
}

// Sign signs msg.
func (id *Identity) Sign(msg []byte) []byte { return ed25519.Sign(id.key, msg) }
