package workspace

import (
	"fmt"
	"testing"
	"time"
)

func collect(t *testing.T, changes <-chan string, want func(map[string]int) bool) map[string]int {
	t.Helper()
	seen := map[string]int{}
	deadline := time.After(10 * time.Second)
	for !want(seen) {
		select {
		case id := <-changes:
			seen[id]++
		case <-deadline:
			t.Fatalf("timed out; delivered %d distinct documents", len(seen))
		}
	}
	return seen
}

// A live session slow to take change notifications misses none: changes
// to more documents than the channel holds arrive while nobody reads, and
// each changed document is delivered, once per wait.
func TestReplicaSubscribeCoalescesAndDropsNothing(t *testing.T) {
	_, c, _ := founded(t)
	changes, cancel := c.Replica().Subscribe()
	defer cancel()
	const docs = 900
	for range 3 {
		for i := range docs {
			c.w.bus.publish(Event{Type: EventDocChanged, Coop: c.id, Doc: fmt.Sprintf("doc-%d", i)})
			if i%100 == 0 {
				time.Sleep(time.Millisecond) // let the forwarder keep up with the bus
			}
		}
	}
	seen := collect(t, changes, func(s map[string]int) bool { return len(s) >= docs })
	for id, n := range seen {
		if n > 3 {
			t.Fatalf("%s delivered %d times for 3 changes", id, n)
		}
	}
}

// When the event bus itself had to drop notifications (a burst faster than
// anyone reads), every document of the co-op is queued for a push, so none
// that changed is left behind.
func TestReplicaSubscribeCatchesUpAfterTheBusDropped(t *testing.T) {
	_, c, _ := founded(t)
	defer func(n int) { replicaEventBuffer = n }(replicaEventBuffer)
	replicaEventBuffer = 1 // overflows at once
	sub, cancelSub := c.w.bus.subscribeWatched(1)
	defer cancelSub()
	changes, cancel := c.Replica().Subscribe()
	defer cancel()
	for range 20000 {
		c.w.bus.publish(Event{Type: EventDocChanged, Coop: c.id, Doc: "burst"})
	}
	if !sub.missed.Load() {
		t.Fatal("a full subscriber was not marked as having missed events")
	}
	// The roster was never announced, yet it is queued for a push.
	collect(t, changes, func(s map[string]int) bool { return s[c.id] > 0 && s["burst"] > 0 })
}
