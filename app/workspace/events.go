package workspace

import (
	"sync"
	"sync/atomic"
)

// EventType says what happened.
type EventType string

// Event types.
const (
	EventDocChanged  EventType = "doc"    // a document was created or edited (locally or by sync)
	EventCoopChanged EventType = "coop"   // a co-op was created or joined
	EventSync        EventType = "sync"   // sync progress or peer state changed
	EventNotice      EventType = "notice" // something the member should be told (new proposal, stand-in request)
)

// Event tells subscribers that something changed. Events are hints to
// re-read, never state. A subscriber too slow to take one misses it: the
// document it named is re-read only when a later event names it again (or
// the subscriber re-reads everything), so a subscriber must keep up or
// re-read in full after falling behind.
type Event struct {
	Type   EventType `json:"type"`
	Coop   string    `json:"coop,omitempty"`
	Doc    string    `json:"doc,omitempty"`
	Kind   string    `json:"kind,omitempty"`
	Remote bool      `json:"remote,omitempty"`
	Text   string    `json:"text,omitempty"`
}

// bus fans events out to subscribers without ever blocking the publisher:
// an edit must not wait for a window that is busy drawing.
type bus struct {
	mu   sync.Mutex
	next int
	subs map[int]*subscriber
}

// subscriber is one subscription; missed is set when an event could not be
// delivered (the subscriber was slow), so one that must not miss anything
// can catch up another way.
type subscriber struct {
	ch     chan Event
	missed atomic.Bool
}

func (b *bus) subscribe(buffer int) (<-chan Event, func()) {
	s, cancel := b.subscribeWatched(buffer)
	return s.ch, cancel
}

// subscribeWatched is subscribe that also reports missed events.
func (b *bus) subscribeWatched(buffer int) (*subscriber, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[int]*subscriber{}
	}
	id := b.next
	b.next++
	s := &subscriber{ch: make(chan Event, buffer)}
	b.subs[id] = s
	var once sync.Once
	return s, func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			delete(b.subs, id)
			close(s.ch)
		})
	}
}

func (b *bus) publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		select {
		case s.ch <- e:
		default: // a slow subscriber misses a hint, never blocks an edit
			s.missed.Store(true)
		}
	}
}

// Subscribe returns change events until cancel is called.
func (w *Workspace) Subscribe() (<-chan Event, func()) { return w.bus.subscribe(256) }
