package protocol

import (
	"fmt"
	"runtime"
	"sync"
)

// pool runs CPU-heavy per-document work (loading whole documents, applying
// and generating Automerge messages) on all cores. run blocks while every
// worker is busy, which in turn stops the session reading frames: memory
// stays bounded however fast the peer sends.
type pool struct {
	sem chan struct{}
	wg  sync.WaitGroup

	mu   sync.Mutex
	errs []error
}

func newPool() *pool {
	return &pool{sem: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))}
}

func (p *pool) run(fn func() error) {
	p.sem <- struct{}{}
	p.wg.Add(1)
	go func() {
		defer func() {
			if r := recover(); r != nil { // a bug or a crdt panic must not take the app down
				p.fail(fmt.Errorf("sync worker panicked: %v", r))
			}
			<-p.sem
			p.wg.Done()
		}()
		if err := fn(); err != nil {
			p.fail(err)
		}
	}()
}

func (p *pool) fail(err error) {
	p.mu.Lock()
	p.errs = append(p.errs, err)
	p.mu.Unlock()
}

// wait blocks until every task ran and returns (and forgets) their errors.
func (p *pool) wait() []error {
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	errs := p.errs
	p.errs = nil
	return errs
}
