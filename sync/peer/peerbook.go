package peer

import (
	"encoding/json"
	"log/slog"
	"slices"
	"sync"
	"time"

	lpeer "github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
)

// maxKnownAddrs bounds the addresses remembered per peer (newest kept).
const maxKnownAddrs = 16

// peerRecord is what the node remembers about a member's device between
// runs. KV key: "peer/<peer ID>".
type peerRecord struct {
	Addrs      []string             `json:"addrs,omitempty"`
	LastSeen   time.Time            `json:"lastSeen,omitzero"`
	LastSynced map[string]time.Time `json:"lastSynced,omitempty"` // by co-op ID
}

// peerBook keeps peerRecords in the KV store, with a write-through cache so
// repeated identical updates cost no writes.
type peerBook struct {
	kv         KV
	isNotFound func(error) bool
	log        *slog.Logger

	mu    sync.Mutex
	cache map[lpeer.ID]peerRecord
}

func newPeerBook(kv KV, isNotFound func(error) bool, log *slog.Logger) *peerBook {
	return &peerBook{kv: kv, isNotFound: isNotFound, log: log, cache: map[lpeer.ID]peerRecord{}}
}

func peerKey(p lpeer.ID) string { return "peer/" + p.String() }

// get returns p's record (zero if unknown). Callers hold b.mu.
func (b *peerBook) get(p lpeer.ID) peerRecord {
	if r, ok := b.cache[p]; ok {
		return r
	}
	var r peerRecord
	raw, err := b.kv.Get(peerKey(p))
	switch {
	case err != nil && !b.isNotFound(err):
		b.log.Warn("could not read peer record", "peer", p.ShortString(), "err", err)
	case err == nil:
		if jerr := json.Unmarshal(raw, &r); jerr != nil {
			b.log.Warn("ignoring unreadable peer record", "peer", p.ShortString(), "err", jerr)
			r = peerRecord{}
		}
	}
	b.cache[p] = r
	return r
}

// put stores p's record. Callers hold b.mu.
func (b *peerBook) put(p lpeer.ID, r peerRecord) {
	b.cache[p] = r
	raw, err := json.Marshal(r)
	if err == nil {
		err = b.kv.Put(peerKey(p), raw)
	}
	if err != nil {
		b.log.Warn("could not store peer record", "peer", p.ShortString(), "err", err)
	}
}

// record returns a copy of p's record.
func (b *peerBook) record(p lpeer.ID) peerRecord {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.get(p)
	r.Addrs = slices.Clone(r.Addrs)
	return r
}

// addrs are p's remembered addresses, parsed.
func (b *peerBook) addrs(p lpeer.ID) []ma.Multiaddr {
	var out []ma.Multiaddr
	for _, s := range b.record(p).Addrs {
		if a, err := ma.NewMultiaddr(s); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// setAddrs replaces p's remembered addresses with the ones it says it
// listens on (identify's answer is authoritative: keeping old ones would make
// every restart on a new port add dead addresses to each redial), skipping
// ones nobody could dial (unspecified).
func (b *peerBook) setAddrs(p lpeer.ID, addrs []ma.Multiaddr) {
	var fresh []string
	for _, a := range rankAddrs(addrs) {
		if a == nil || manet.IsIPUnspecified(a) {
			continue
		}
		if s := a.String(); !slices.Contains(fresh, s) {
			fresh = append(fresh, s)
		}
	}
	if len(fresh) == 0 {
		return
	}
	if len(fresh) > maxKnownAddrs {
		fresh = fresh[:maxKnownAddrs]
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.get(p)
	now := time.Now()
	if slices.Equal(fresh, r.Addrs) && now.Sub(r.LastSeen) < time.Minute {
		return
	}
	r.Addrs, r.LastSeen = fresh, now
	b.put(p, r)
}

// setSynced records that a sync with p about coop finished at t.
func (b *peerBook) setSynced(p lpeer.ID, coop string, t time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.get(p)
	if prev := r.LastSynced[coop]; t.Sub(prev) < time.Second && !prev.IsZero() {
		return // live sessions finish often: one write a second is plenty
	}
	synced := make(map[string]time.Time, len(r.LastSynced)+1)
	for k, v := range r.LastSynced {
		synced[k] = v
	}
	synced[coop] = t.UTC()
	r.LastSynced, r.LastSeen = synced, t.UTC()
	b.put(p, r)
}
