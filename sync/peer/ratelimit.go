package peer

import (
	"sync"
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"
	"golang.org/x/time/rate"
)

// Join rate limits. The join protocol is the only thing a stranger can reach,
// and only while an invite is open. Guessing a 256-bit secret is hopeless
// anyway; the limits stop a stranger from making the inviter do work (disk
// writes, roster evaluation) as fast as it can send. A room of newcomers
// joining at once fits in the global burst.
const (
	joinPerPeerEvery = 20 * time.Second
	joinPerPeerBurst = 3
	joinGlobalEvery  = time.Second
	joinGlobalBurst  = 20
	// joinPeersTracked bounds the per-peer table; past it the table starts
	// afresh (peer IDs are free to make, so the global bucket is the real
	// bound and the table must not grow without limit).
	joinPeersTracked = 4096
)

// joinLimiter is a token bucket per peer plus one for everyone.
type joinLimiter struct {
	mu     sync.Mutex
	global *rate.Limiter
	peers  map[lpeer.ID]*rate.Limiter
}

func newJoinLimiter() *joinLimiter {
	return &joinLimiter{
		global: rate.NewLimiter(rate.Every(joinGlobalEvery), joinGlobalBurst),
		peers:  map[lpeer.ID]*rate.Limiter{},
	}
}

// allow takes a token for p, reporting false when p or everyone is over.
func (l *joinLimiter) allow(p lpeer.ID, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	pl := l.peers[p]
	if pl == nil {
		if len(l.peers) >= joinPeersTracked {
			l.peers = map[lpeer.ID]*rate.Limiter{}
		}
		pl = rate.NewLimiter(rate.Every(joinPerPeerEvery), joinPerPeerBurst)
		l.peers[p] = pl
	}
	if !pl.AllowN(now, 1) {
		return false
	}
	return l.global.AllowN(now, 1)
}
