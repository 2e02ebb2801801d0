package peer

import (
	"encoding/hex"
	"fmt"

	"github.com/libp2p/go-libp2p/core/crypto"
	lpeer "github.com/libp2p/go-libp2p/core/peer"

	"github.com/mutual-coop/mutual/crdt"
)

// hostKey turns the device's signing key into the libp2p host key, so the
// host's peer ID names the same member the roster and the documents do.
func hostKey(id *crdt.Identity) (crypto.PrivKey, error) {
	if id == nil {
		return nil, fmt.Errorf("node needs the device identity: %w", ErrConfig)
	}
	k, err := crypto.UnmarshalEd25519PrivateKey(id.PrivateKey())
	if err != nil {
		return nil, fmt.Errorf("device key as libp2p key: %w", err)
	}
	return k, nil
}

// MemberFromPeer is the member whose device key is p's key. Peers with other
// key types (RSA, secp256k1 …) are never Mutual devices.
func MemberFromPeer(p lpeer.ID) (crdt.MemberID, error) {
	pub, err := p.ExtractPublicKey()
	if err != nil {
		return "", fmt.Errorf("peer %s: no embedded key: %w", p, ErrNotMutualPeer)
	}
	if pub.Type() != crypto.Ed25519 {
		return "", fmt.Errorf("peer %s has a %s key: %w", p, pub.Type(), ErrNotMutualPeer)
	}
	raw, err := pub.Raw()
	if err != nil {
		return "", fmt.Errorf("peer %s key: %w", p, ErrNotMutualPeer)
	}
	return crdt.MemberID(hex.EncodeToString(raw)), nil
}

// PeerFromMember is the peer ID of member m's device.
func PeerFromMember(m crdt.MemberID) (lpeer.ID, error) {
	raw, err := m.PublicKey()
	if err != nil {
		return "", err
	}
	pub, err := crypto.UnmarshalEd25519PublicKey(raw)
	if err != nil {
		return "", fmt.Errorf("member %s: %w", m.Short(), err)
	}
	return lpeer.IDFromPublicKey(pub)
}
