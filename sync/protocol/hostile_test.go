package protocol

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/mutual-coop/mutual/crdt"
)

// rawFrame encodes one message as it goes on the wire.
func rawFrame(m message) []byte {
	head, body := encode(m)
	out := frameHeader(nil, m.kind(), len(head)+len(body))
	out = append(out, head...)
	return append(out, body...)
}

// respondTo runs b's responder session against whatever the attacker
// (speaking as member a) writes; it returns the session's error. With
// drain, what the responder writes is read and dropped.
func respondTo(t *testing.T, a, b *member, drain bool, attack func(c net.Conn)) error {
	t.Helper()
	ca, cb := tcpPair(t)
	defer ca.Close()
	if drain {
		go io.Copy(io.Discard, ca)
	}
	done := make(chan error, 1)
	go func() {
		_, err := RunSession(context.Background(), cb, b.rep, b.ID(), a.ID(), false,
			Options{ReadTimeout: 2 * time.Second, Logger: testLogger})
		done <- err
	}()
	attack(ca)
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("responder did not give up on a malformed stream")
		return nil
	}
}

func TestMalformedFramesResetTheStream(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	addAgreement(t, b, "Rules", "Be kind.")
	hello := rawFrame(helloMsg{version: Version, coop: b.rep.Coop(), count: 3})
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	cases := []struct {
		name  string
		bytes []byte
		want  error
	}{
		{"random bytes", garbage, ErrMalformed},
		{"oversize length", frameHeader(nil, frameHello, DefaultMaxFrame+1), ErrFrameTooLarge},
		{"length overflows", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, ErrMalformed},
		{"empty frame", []byte{0}, ErrMalformed},
		{"unknown type", append(frameHeader(nil, frameType(99), 3), 1, 2, 3), ErrMalformed},
		{"truncated frame", append(frameHeader(nil, frameHello, 100), hello[2:20]...), ErrMalformed},
		{"PING instead of HELLO", rawFrame(pingMsg{}), ErrMalformed},
		{"HELLO with trailing bytes", append(frameHeader(nil, frameHello, len(hello)), append(hello[2:], 0)...), ErrMalformed},
		{"bad LIST after HELLO", append(append(append([]byte{}, hello...), rawFrame(turnMsg{})...),
			append(frameHeader(nil, frameList, 4), 9, 9, 9, 9)...), ErrMalformed},
		{"wrong co-op", rawFrame(helloMsg{version: Version, coop: crdt.NewID(), count: 1}), ErrWrongCoop},
		{"newer version", rawFrame(helloMsg{version: Version + 1, coop: b.rep.Coop(), count: 1}), ErrVersion},
	}
	before := export(t, b)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := respondTo(t, a, b, true, func(c net.Conn) {
				_, _ = c.Write(tc.bytes)
				_ = c.(*net.TCPConn).CloseWrite()
			})
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	after := export(t, b)
	if len(after) != len(before) {
		t.Fatal("a malformed stream changed the replica")
	}
	for id, v := range before {
		if after[id] != v {
			t.Fatal("a malformed stream changed the replica")
		}
	}
}

func TestSilentPeerTimesOut(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	ca, cb := tcpPair(t)
	defer ca.Close()
	_, err := RunSession(context.Background(), cb, b.rep, b.ID(), a.ID(), false,
		Options{ReadTimeout: 200 * time.Millisecond, Logger: quietLogger()})
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("got %v, want a read timeout", err)
	}
}

// readUntilTurn reads the responder's frames up to its TURN.
func readUntilTurn(t *testing.T, r *bufio.Reader) []message {
	t.Helper()
	var out []message
	for range 10000 {
		f, _, err := readFrame(r, DefaultMaxFrame)
		if err != nil {
			t.Fatalf("read responder frame: %v", err)
		}
		m, err := decode(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
		if _, ok := m.(turnMsg); ok {
			return out
		}
	}
	t.Fatal("no TURN")
	return nil
}

func TestHostileWholeDocumentsAreRefused(t *testing.T) {
	ms := newCoop(t, 2)
	a, b := ms[0], ms[1]
	addAgreement(t, b, "Rules", "Be kind.")
	// Documents a hostile member might send whole:
	other := newCoop(t, 1)[0]
	foreign := addAgreement(t, other, "Another co-op's secret", "not yours")
	foreignBytes, _ := other.rep.DocBytes(foreign)
	good := addAgreement(t, a, "A real agreement", "fine")
	goodBytes, _ := a.rep.DocBytes(good)
	mislabelled := addAgreement(t, a, "Mislabelled", "x")
	misBytes, _ := a.rep.DocBytes(mislabelled)
	claimed := crdt.NewID()

	var reply []message
	err := respondTo(t, a, b, false, func(c net.Conn) {
		r := bufio.NewReader(c)
		_, _ = c.Write(append(rawFrame(helloMsg{version: Version, coop: b.rep.Coop(), count: 9}), rawFrame(turnMsg{})...))
		first := readUntilTurn(t, r)
		bm, ok := first[1].(bucketsMsg)
		if !ok {
			t.Errorf("responder answered %T, want BUCKETS", first[1])
			return
		}
		bitmap := make([]byte, bitmapLen(bm.bits))
		for i := range bitmap {
			bitmap[i] = 0xff
		}
		var out []byte
		for _, m := range []message{
			diffMsg{bits: bm.bits, bitmap: bitmap},
			announceMsg{docs: 4},
			docMsg{ref: ref{index: -1, id: foreign}, data: foreignBytes},
			docMsg{ref: ref{index: -1, id: claimed}, data: misBytes},
			docMsg{ref: ref{index: -1, id: crdt.NewID()}, data: []byte("not automerge at all")},
			docMsg{ref: ref{index: -1, id: good}, data: goodBytes},
			turnMsg{},
		} {
			out = append(out, rawFrame(m)...)
		}
		_, _ = c.Write(out)
		reply = readUntilTurn(t, r)
		_ = c.(*net.TCPConn).CloseWrite()
	})
	if err != nil {
		t.Fatalf("a refused document should not end the session: %v", err)
	}
	for _, id := range []string{foreign, claimed, mislabelled} {
		if _, err := b.rep.Doc(id); !errors.Is(err, ErrUnknownDoc) {
			t.Fatalf("hostile document %s was stored (%v)", id, err)
		}
	}
	if _, err := b.rep.Doc(good); err != nil {
		t.Fatalf("the valid document in the same leg was lost: %v", err)
	}
	// The responder answered with its own documents (the attacker listed none).
	sentWhole := 0
	for _, m := range reply {
		if _, ok := m.(docMsg); ok {
			sentWhole++
		}
	}
	if sentWhole != 2 { // the roster and "Rules"
		t.Fatalf("responder sent %d documents whole, want 2", sentWhole)
	}
}

// countingStream records whether anything was written.
type countingStream struct {
	net.Conn
	written int
}

func (c *countingStream) Write(p []byte) (int, error) {
	c.written += len(p)
	return c.Conn.Write(p)
}

func TestNonMembersLearnNothing(t *testing.T) {
	ms := newCoop(t, 3)
	a, removed := ms[0], ms[2]
	addAgreement(t, a, "Rules", "secret plans")
	if err := a.rep.Edit(a.rep.Coop(), func(d *crdt.Doc) error {
		r, err := crdt.AsRoster(d)
		if err != nil {
			return err
		}
		return r.RemoveMember(removed.ID())
	}); err != nil {
		t.Fatal(err)
	}
	stranger, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		remote    crdt.MemberID
		initiator bool
	}{
		{"stranger dials", stranger.Member(), false},
		{"dialing a stranger", stranger.Member(), true},
		{"removed member dials", removed.ID(), false},
		{"dialing a removed member", removed.ID(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ca, cb := tcpPair(t)
			defer cb.Close()
			// The other side speaks first, as a peer would.
			go func() { _, _ = cb.Write(rawFrame(helloMsg{version: Version, coop: a.rep.Coop(), count: 1})) }()
			cs := &countingStream{Conn: ca}
			_, err := RunSession(context.Background(), cs, a.rep, a.ID(), tc.remote, tc.initiator, Options{Logger: quietLogger()})
			if !errors.Is(err, ErrNotMember) {
				t.Fatalf("got %v, want ErrNotMember", err)
			}
			if cs.written != 0 {
				t.Fatalf("%d bytes sent to a non-member", cs.written)
			}
			_ = cb.SetReadDeadline(time.Now().Add(5 * time.Second))
			if n, _ := io.Copy(io.Discard, cb); n != 0 {
				t.Fatalf("non-member read %d bytes", n)
			}
		})
	}
}

var testLogger = quietLogger()
