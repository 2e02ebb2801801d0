package protocol

import "sync"

// memSub delivers change notifications without ever dropping one: IDs wait
// in a set (an ID changed twice is delivered once) and a goroutine feeds them
// to the subscriber's channel as it reads.
type memSub struct {
	ch   chan string
	done chan struct{}
	wake chan struct{}

	mu      sync.Mutex
	pending []string
	queued  map[string]bool
}

// Subscribe delivers IDs of documents changed in this replica: by Add, Edit,
// PutDoc or Changed (so changes one session receives are pushed by the
// others). The channel is closed after cancel.
func (m *MemReplica) Subscribe() (<-chan string, func()) {
	s := &memSub{
		ch:     make(chan string, 64),
		done:   make(chan struct{}),
		wake:   make(chan struct{}, 1),
		queued: map[string]bool{},
	}
	m.mu.Lock()
	m.subs[s] = struct{}{}
	m.mu.Unlock()
	go s.run()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			m.mu.Lock()
			delete(m.subs, s)
			m.mu.Unlock()
			close(s.done)
		})
	}
}

func (m *MemReplica) notify(id string) {
	m.mu.Lock()
	subs := make([]*memSub, 0, len(m.subs))
	for s := range m.subs {
		subs = append(subs, s)
	}
	m.mu.Unlock()
	for _, s := range subs {
		s.add(id)
	}
}

func (s *memSub) add(id string) {
	s.mu.Lock()
	if !s.queued[id] {
		s.queued[id] = true
		s.pending = append(s.pending, id)
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *memSub) run() {
	defer close(s.ch)
	for {
		s.mu.Lock()
		var id string
		if len(s.pending) > 0 {
			id = s.pending[0]
			s.pending = s.pending[1:]
			delete(s.queued, id)
		}
		s.mu.Unlock()
		if id == "" {
			select {
			case <-s.wake:
				continue
			case <-s.done:
				return
			}
		}
		select {
		case s.ch <- id:
		case <-s.done:
			return
		}
	}
}
