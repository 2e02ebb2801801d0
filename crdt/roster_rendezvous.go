package crdt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/automerge/automerge-go"
)

// RendezvousPeriod is how long one rendezvous key is used. Members' devices
// look for each other on the public libp2p network under a key only members
// can compute; it changes every period so that a key seen once (on the
// network, in a log) stops pointing at the co-op's devices.
const RendezvousPeriod = 7 * 24 * time.Hour

// RendezvousKeys are the keys members meet at around t: the current
// period's first, then the previous period's (devices whose clocks straddle
// a period's end still meet). They are derived from the roster's nonce —
// which only members hold, and which the co-op ID binds (a copy that
// overwrote it would compute keys nobody else uses) — so an outsider who
// knows the co-op ID (an invite seen over a shoulder) still cannot find the
// co-op's devices.
func (r *Roster) RendezvousKeys(t time.Time) ([][]byte, error) {
	var founder, nonce string
	if err := r.read(func(root *automerge.Map) error {
		var rd reader
		founder, nonce = rd.str(root, "founder"), rd.str(root, "nonce")
		return rd.err
	}); err != nil {
		return nil, err
	}
	secret, err := hex.DecodeString(nonce)
	if err != nil || CoopID(MemberID(founder), nonce) != r.ID() {
		return nil, fmt.Errorf("the roster's founding values do not match the co-op ID: %w", ErrInvalid)
	}
	period := t.UnixMilli() / RendezvousPeriod.Milliseconds()
	out := make([][]byte, 0, 2)
	for _, p := range []int64{period, period - 1} {
		mac := hmac.New(sha256.New, secret)
		mac.Write([]byte("mutual-rendezvous-v1\n" + r.ID() + "\n" + strconv.FormatInt(p, 10)))
		out = append(out, mac.Sum(nil))
	}
	return out, nil
}
