package storage

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

// kvStore is the surface MemKV and Store share beyond KV.
type kvStore interface {
	KV
	Delete(key string) error
	Scan(prefix string, fn func(key string, value []byte) error) error
}

func kvImplementations(t *testing.T) map[string]kvStore {
	return map[string]kvStore{
		"MemKV":      NewMemKV(),
		"zero MemKV": &MemKV{},
		"Store":      memStore(t),
	}
}

func TestKVContract(t *testing.T) {
	for name, kv := range kvImplementations(t) {
		t.Run(name, func(t *testing.T) {
			_, err := kv.Get("identity")
			wantErr(t, err, ErrNotFound)

			in := []byte("v1")
			if err := kv.Put("identity", in); err != nil {
				t.Fatal(err)
			}
			in[0] = 'X' // the store must have kept its own copy
			got, err := kv.Get("identity")
			if err != nil || string(got) != "v1" {
				t.Fatalf("Get = %q, %v", got, err)
			}
			got[0] = 'Y' // and must hand out copies
			if again, _ := kv.Get("identity"); string(again) != "v1" {
				t.Fatalf("returned value aliases storage: %q", again)
			}
			if err := kv.Put("identity", nil); err != nil {
				t.Fatal(err)
			}
			if got, err := kv.Get("identity"); err != nil || len(got) != 0 {
				t.Fatalf("empty value: %q, %v", got, err)
			}
			if err := kv.Delete("identity"); err != nil {
				t.Fatal(err)
			}
			_, err = kv.Get("identity")
			wantErr(t, err, ErrNotFound)
			wantErr(t, kv.Put("", []byte("x")), ErrInvalidArgument)
		})
	}
}

func TestKVScan(t *testing.T) {
	for name, kv := range kvImplementations(t) {
		t.Run(name, func(t *testing.T) {
			// More keys than one Store scan page.
			const n = scanPageSize*2 + 5
			for i := range n {
				if err := kv.Put(fmt.Sprintf("peer/%04d", i), []byte(fmt.Sprint(i))); err != nil {
					t.Fatal(err)
				}
			}
			for _, k := range []string{"peers", "pee", "setting/theme"} {
				if err := kv.Put(k, []byte("other")); err != nil {
					t.Fatal(err)
				}
			}
			var keys []string
			err := kv.Scan("peer/", func(key string, value []byte) error {
				var i int
				if _, err := fmt.Sscanf(key, "peer/%d", &i); err != nil || string(value) != fmt.Sprint(i) {
					return fmt.Errorf("value of %s = %q (%v)", key, value, err)
				}
				// Writing during a scan must neither deadlock nor fail.
				return kv.Put("seen/"+key, nil)
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := kv.Scan("peer/", func(key string, _ []byte) error { keys = append(keys, key); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(keys) != n {
				t.Fatalf("scanned %d keys, want %d", len(keys), n)
			}
			for i, k := range keys {
				if want := fmt.Sprintf("peer/%04d", i); k != want {
					t.Fatalf("key %d = %s, want %s (order)", i, k, want)
				}
			}
			stop := errors.New("stop")
			calls := 0
			err = kv.Scan("", func(string, []byte) error { calls++; return stop })
			if !errors.Is(err, stop) || calls != 1 {
				t.Fatalf("callback error: got %v after %d calls", err, calls)
			}
		})
	}
}

func TestMemKVConcurrent(t *testing.T) {
	kv := NewMemKV()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				key := fmt.Sprintf("k/%d/%d", w, i)
				if err := kv.Put(key, []byte(key)); err != nil {
					t.Error(err)
				}
				if v, err := kv.Get(key); err != nil || string(v) != key {
					t.Errorf("Get(%s) = %q, %v", key, v, err)
				}
				_ = kv.Scan("k/", func(string, []byte) error { return nil })
			}
		}()
	}
	wg.Wait()
	n := 0
	_ = kv.Scan("k/", func(string, []byte) error { n++; return nil })
	if n != 800 {
		t.Fatalf("%d keys, want 800", n)
	}
}
