package crdt

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
)

// A proxy is a member's signed delegation of their vote at one meeting to
// another member. It is given and may be withdrawn until the meeting starts
// (its first roll call); a newer proxy from the same member replaces the
// older. A holder may carry at most the meeting's MaxProxies: beyond that,
// the latest given are refused. A proxy is used only when its holder is
// present and its giver is not.

// Proxy statuses.
const (
	ProxyValid     = "valid"
	ProxyRevoked   = "withdrawn"
	ProxyReplaced  = "replaced"       // the giver gave a newer proxy
	ProxyOverLimit = "over the limit" // the holder already carried the most allowed
)

// Proxy is one delegation as its records establish it.
type Proxy struct {
	Giver  MemberID  `json:"giver"`
	Holder MemberID  `json:"holder"`
	At     time.Time `json:"at"`
	Status string    `json:"status"`
	key    string
}

// GiveProxy gives the local member's vote at this meeting to holder.
func (m *Meeting) GiveProxy(v *RosterView, holder MemberID) error {
	me, err := m.checkRoster(v, "give a proxy")
	if err != nil {
		return err
	}
	switch {
	case holder == me:
		return fmt.Errorf("a member cannot hold their own proxy: %w", ErrInvalid)
	case !v.IsActive(holder):
		return fmt.Errorf("a proxy goes to an active member: %w", ErrInvalid)
	}
	if mem, _ := v.Member(me); !mem.CanVote() {
		return fmt.Errorf("only a member who votes can give a proxy: %w", ErrNotAllowed)
	}
	if mem, _ := v.Member(holder); !mem.CanVote() {
		return fmt.Errorf("%s cannot vote, so cannot hold a proxy: %w", mem.Name, ErrInvalid)
	}
	return m.change("give my proxy to "+v.NameOf(holder), func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if !st.startedAt.IsZero() {
			return fmt.Errorf("the meeting has started: proxies can no longer be given: %w", ErrClosed)
		}
		held := 0
		for _, p := range st.proxies {
			if p.Holder == holder && p.Status == ProxyValid && p.Giver != me {
				held++
			}
		}
		if held >= st.settings.MaxProxies {
			return fmt.Errorf("%s already holds %d proxies, the most this meeting allows: %w", v.NameOf(holder), held, ErrInvalid)
		}
		prev, _ := st.proxyOf(me) // a new proxy replaces it: timed after it
		return m.sealAfter(root, recProxy, proxyRec{Holder: holder}, prev.At)
	})
}

// RevokeProxy withdraws the local member's proxy, before the meeting starts.
func (m *Meeting) RevokeProxy(v *RosterView) error {
	me, err := m.checkRoster(v, "withdraw a proxy")
	if err != nil {
		return err
	}
	return m.change("withdraw my proxy", func(root *automerge.Map) error {
		st, err := m.readState(root, v)
		if err != nil {
			return err
		}
		if !st.startedAt.IsZero() {
			return fmt.Errorf("the meeting has started: the proxy stands: %w", ErrClosed)
		}
		p, ok := st.proxyOf(me)
		if !ok {
			return fmt.Errorf("you have given no proxy for this meeting: %w", ErrNotFound)
		}
		return m.sealAfter(root, recProxyRevoke, revokeRec{}, p.At)
	})
}

// proxyOf is giver's valid proxy, if any.
func (st *meetingState) proxyOf(giver MemberID) (Proxy, bool) {
	for _, p := range st.proxies {
		if p.Giver == giver && p.Status == ProxyValid {
			return p, true
		}
	}
	return Proxy{}, false
}

// proxyReplay judges proxy records in time order, one giver at a time.
type proxyReplay struct {
	all     []*Proxy
	current map[MemberID]*Proxy
}

func newProxyReplay() *proxyReplay { return &proxyReplay{current: map[MemberID]*Proxy{}} }

// add judges one proxy or withdrawal record (records arrive in time order).
func (pr *proxyReplay) add(st *meetingState, rec rawRecord, v *RosterView) {
	giver, at := rec.env.Member, recAt(rec)
	if !st.startedAt.IsZero() && !at.Before(st.startedAt) {
		st.refuse(rec, giver, RefuseAfterStart)
		return
	}
	if rec.env.Type == recProxyRevoke {
		cur := pr.current[giver]
		if cur == nil {
			st.refuse(rec, giver, RefuseNothingToStop)
			return
		}
		cur.Status = ProxyRevoked
		delete(pr.current, giver)
		return
	}
	var b proxyRec
	switch {
	case json.Unmarshal(rec.env.Body, &b) != nil || b.Holder == "":
		st.refuse(rec, giver, RefuseUnreadable)
		return
	case b.Holder == giver:
		st.refuse(rec, giver, RefuseOwnProxy)
		return
	case !voterAt(v, giver, at) || !voterAt(v, b.Holder, at):
		st.refuse(rec, giver, RefuseNotVoter)
		return
	}
	if cur := pr.current[giver]; cur != nil {
		cur.Status = ProxyReplaced
	}
	p := &Proxy{Giver: giver, Holder: b.Holder, At: at, Status: ProxyValid, key: rec.key}
	pr.all = append(pr.all, p)
	pr.current[giver] = p
}

// finish applies the limit per holder — the earliest given count — and
// returns every proxy sorted by holder, then time.
func (pr *proxyReplay) finish(st *meetingState) []Proxy {
	limit := st.settings.MaxProxies
	held := map[MemberID]int{}
	for _, p := range pr.all { // already in time order
		if p.Status != ProxyValid {
			continue
		}
		if held[p.Holder] >= limit {
			p.Status = ProxyOverLimit
			continue
		}
		held[p.Holder]++
	}
	out := make([]Proxy, len(pr.all))
	for i, p := range pr.all {
		out[i] = *p
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Holder != out[j].Holder {
			return out[i].Holder < out[j].Holder
		}
		return out[i].At.Before(out[j].At)
	})
	return out
}
