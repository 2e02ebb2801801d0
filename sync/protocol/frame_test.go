package protocol

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/mutual-coop/mutual/crdt"
)

func sampleMessages() []message {
	id := crdt.NewID()
	return []message{
		helloMsg{version: Version, coop: id, digest: [32]byte{1, 2, 3}, count: 10000, live: true},
		helloMsg{version: Version, coop: id},
		bucketsMsg{bits: 2, digests: [][8]byte{{1}, {}, {3}, {4, 4}}},
		diffMsg{bits: 8, bitmap: bytes.Repeat([]byte{0xa5}, 32)},
		diffMsg{bits: 0, bitmap: []byte{1}},
		listMsg{entries: []listEntry{{id: id, heads: [8]byte{9}}, {id: crdt.NewID()}}},
		listMsg{entries: []listEntry{}},
		announceMsg{docs: 1000},
		docMsg{ref: ref{index: -1, id: id}, data: []byte("saved document")},
		docMsg{ref: ref{index: 300}, data: []byte{0}},
		syncMsg{ref: ref{index: 0}, heads: [8]byte{7, 7}, data: []byte{0x42, 1, 2}},
		wantMsg{refs: []ref{{index: 5}, {index: -1, id: id}}},
		turnMsg{done: true},
		turnMsg{},
		pingMsg{},
	}
}

func TestMessagesRoundTrip(t *testing.T) {
	var wire bytes.Buffer
	msgs := sampleMessages()
	for _, m := range msgs {
		wire.Write(rawFrame(m))
	}
	r := bufio.NewReader(&wire)
	for i, want := range msgs {
		f, _, err := readFrame(r, DefaultMaxFrame)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		got, err := decode(f)
		if err != nil {
			t.Fatalf("frame %d (%s): %v", i, want.kind(), err)
		}
		if !reflect.DeepEqual(normalise(got), normalise(want)) {
			t.Fatalf("frame %d: got %#v, want %#v", i, got, want)
		}
	}
	if _, _, err := readFrame(r, DefaultMaxFrame); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last frame: %v, want EOF", err)
	}
}

// normalise makes empty slices comparable with nil ones.
func normalise(m message) message {
	if l, ok := m.(listMsg); ok && len(l.entries) == 0 {
		return listMsg{}
	}
	return m
}

func TestDecodeRefusesBadPayloads(t *testing.T) {
	id := crdt.NewID()
	cases := map[string]frame{
		"hello with unknown flags":  {frameHello, append(append(append([]byte{1, 26}, id...), make([]byte, 32)...), 0, 2)},
		"hello with an invalid ID":  {frameHello, append(append([]byte{1, 3}, "ABC"...), make([]byte, 34)...)},
		"buckets short":             {frameBuckets, []byte{1, 0, 0, 0}},
		"too many buckets":          {frameBuckets, []byte{9}},
		"list count beyond payload": {frameList, []byte{0xff, 0xff, 0x03}},
		"empty sync message":        {frameSync, []byte{1, 0, 0, 0, 0, 0, 0, 0, 0}},
		"empty document":            {frameDoc, []byte{1}},
		"turn with unknown flag":    {frameTurn, []byte{2}},
		"ping with payload":         {framePing, []byte{0}},
		"unknown type":              {frameType(0), nil},
		"want ref overflow":         {frameWant, []byte{1, 0xff, 0xff, 0xff, 0xff, 0x7f}},
	}
	for name, f := range cases {
		if _, err := decode(f); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

func TestFrameLengthLimits(t *testing.T) {
	big := frameHeader(nil, frameDoc, 5000)
	if _, _, err := readFrame(bufio.NewReader(bytes.NewReader(big)), 4096); !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("got %v, want ErrFrameTooLarge", err)
	}
	if _, _, err := readFrame(bufio.NewReader(bytes.NewReader([]byte{0x80})), 4096); !errors.Is(err, ErrMalformed) {
		t.Fatalf("truncated length: got %v, want ErrMalformed", err)
	}
}

// FuzzFrames feeds arbitrary bytes to the frame reader and decoder: they
// must never panic, must fail only with the protocol's errors, and whatever
// decodes must encode back to the same bytes.
func FuzzFrames(f *testing.F) {
	for _, m := range sampleMessages() {
		f.Add(rawFrame(m))
	}
	f.Add([]byte{})
	f.Add([]byte{0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReader(bytes.NewReader(data))
		for range 64 {
			fr, n, err := readFrame(r, 1<<16)
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrFrameTooLarge) {
					t.Fatalf("unexpected error kind: %v", err)
				}
				return
			}
			if n <= 0 {
				t.Fatalf("read a frame of %d bytes", n)
			}
			m, err := decode(fr)
			if err != nil {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("decode: unexpected error kind: %v", err)
				}
				continue
			}
			head, body := encode(m)
			if got := append(head, body...); !bytes.Equal(got, fr.payload) {
				t.Fatalf("%s re-encodes as %x, was %x", fr.typ, got, fr.payload)
			}
		}
	})
}
