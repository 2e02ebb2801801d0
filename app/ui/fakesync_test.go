package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mutual-coop/mutual/app/workspace"
)

// fakeSync stands in for the network side: Join founds the co-op locally
// (as a real join would bring it by sync), the rest reports what it is told.
type fakeSync struct {
	ws *workspace.Workspace

	mu       sync.Mutex
	joined   []string // "code|name" per Join
	synced   int
	peers    []workspace.PeerStatus
	progress *workspace.SyncProgress
	joinErr  error
}

var _ workspace.SyncService = (*fakeSync)(nil)

func (f *fakeSync) Peers(string) []workspace.PeerStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]workspace.PeerStatus(nil), f.peers...)
}

func (f *fakeSync) SyncNow(context.Context, string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.synced++
	return nil
}

func (f *fakeSync) Invite(coop string, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		return "", errors.New("no ttl")
	}
	return "mutual-invite:" + coop + ":secret", nil
}

func (f *fakeSync) Join(_ context.Context, code, name string) (string, error) {
	f.mu.Lock()
	f.joined = append(f.joined, code+"|"+name)
	err := f.joinErr
	f.mu.Unlock()
	if err != nil {
		return "", err
	}
	c, err := f.ws.CreateCoop("Joined Bakery", name)
	if err != nil {
		return "", err
	}
	return c.ID(), nil
}

func (f *fakeSync) Addrs() []string { return []string{"/ip4/127.0.0.1/tcp/4001"} }

func (f *fakeSync) Progress(string) (workspace.SyncProgress, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.progress == nil {
		return workspace.SyncProgress{}, false
	}
	return *f.progress, true
}
