package crdt

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/automerge/automerge-go"
)

// Choice is one part of a stance. Value depends on the process: 1 for a
// consent position or a chosen option, 0..MaxScore for a score, the rank
// (1 = first) for ranked, and 2 yes / 1 maybe / 0 no for a meeting time slot.
type Choice struct {
	Option string `json:"option"`
	Value  int    `json:"value"`
}

// Meeting time answers.
const (
	SlotNo    = 0
	SlotMaybe = 1
	SlotYes   = 2
)

// Stance is one vote as cast and signed by Member. Every stance ever cast is
// kept; a member's current stance is their latest.
type Stance struct {
	Member  MemberID  `json:"member"`
	Choices []Choice  `json:"choices"`
	Reason  string    `json:"reason,omitempty"`
	At      time.Time `json:"at"`
	Sig     []byte    `json:"sig"`
}

// stanceRecord is a stance as read, with why it could not be read in full.
type stanceRecord struct {
	Stance
	malformed error
}

// canonicalChoices sorts a copy of choices by option, then value.
func canonicalChoices(cs []Choice) []Choice {
	out := append([]Choice(nil), cs...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Option != out[j].Option {
			return out[i].Option < out[j].Option
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// signedBytes is the canonical text a stance's signature covers: it names
// the document and the member, so a stance cannot be replayed into another
// proposal or filed under someone else.
func (s Stance) signedBytes(doc string) []byte {
	parts := make([]string, 0, len(s.Choices))
	for _, c := range canonicalChoices(s.Choices) {
		parts = append(parts, strconv.Quote(c.Option)+"="+strconv.Itoa(c.Value))
	}
	reason := sha256.Sum256([]byte(s.Reason))
	return []byte(strings.Join([]string{
		"mutual-stance-v1", doc, string(s.Member), strings.Join(parts, ","),
		hex.EncodeToString(reason[:]), strconv.FormatInt(s.At.UnixMilli(), 10),
	}, "\n"))
}

// verify reports whether the stance is signed by the member it names.
func (s Stance) verify(doc string) bool { return s.Member.Verify(s.signedBytes(doc), s.Sig) }

// later reports whether s supersedes o: later time, ties by signature bytes.
func (s Stance) later(o Stance) bool {
	if !s.At.Equal(o.At) {
		return s.At.After(o.At)
	}
	return bytes.Compare(s.Sig, o.Sig) > 0
}

// Vote casts (or changes) the local member's stance. It is checked against
// the process, the options and the reason mode, signed, and appended: earlier
// stances stay in the history.
func (p *Proposal) Vote(choices []Choice, reason string) error {
	me := p.Me()
	if me == nil {
		return ErrReadOnly
	}
	reason = strings.TrimSpace(reason)
	st, err := p.state(nil)
	if err != nil {
		return err
	}
	_, msg, err := prepareStance(p.ID(), st, me, choices, reason, p.Now())
	if err != nil {
		return err
	}
	return p.change(msg, func(root *automerge.Map) error {
		st, err := p.readProposal(root, nil) // again, under the lock: a merge may have closed it
		if err != nil {
			return err
		}
		s, _, err := prepareStance(p.ID(), st, me, choices, reason, p.now())
		if err != nil {
			return err
		}
		return appendStance(root, s)
	})
}

// prepareStance checks and signs a stance, and names it for the history.
func prepareStance(doc string, st *proposalState, me *Identity, choices []Choice, reason string, now time.Time) (Stance, string, error) {
	switch st.settings.StatusAt(now) {
	case ProposalDraft:
		return Stance{}, "", fmt.Errorf("%q opens for votes at %s: %w", st.header.Title, st.settings.OpensAt.Format(time.RFC3339), ErrClosed)
	case ProposalClosed:
		return Stance{}, "", fmt.Errorf("%q has closed: %w", st.header.Title, ErrClosed)
	}
	if _, err := checkChoices(st.settings, st.options, choices); err != nil {
		return Stance{}, "", err
	}
	if utf8.RuneCountInString(reason) > maxReasonRunes {
		return Stance{}, "", fmt.Errorf("the reason is longer than %d characters: %w", maxReasonRunes, ErrInvalid)
	}
	if _, err := checkReason(st.settings, choices, reason); err != nil {
		return Stance{}, "", err
	}
	s := Stance{Member: me.Member(), Choices: canonicalChoices(choices), Reason: reason, At: now.UTC().Truncate(time.Millisecond)}
	changed := false
	for _, old := range st.stances {
		if old.Member == s.Member && old.malformed == nil {
			changed = true
			if !s.At.After(old.At) {
				s.At = old.At.Add(time.Millisecond) // the new stance must be the latest, whatever the clock did
			}
		}
	}
	if !s.At.Before(st.settings.Deadline()) {
		return Stance{}, "", fmt.Errorf("%q has closed: %w", st.header.Title, ErrClosed)
	}
	s.Sig = me.Sign(s.signedBytes(doc))
	return s, voteMessage(st, s, changed), nil
}

// voteMessage names a stance for the document's history.
func voteMessage(st *proposalState, s Stance, changed bool) string {
	verb := "vote"
	if changed {
		verb = "change vote to"
	}
	switch st.settings.Process {
	case ProcessConsent:
		return verb + " " + s.Choices[0].Option
	case ProcessChooseOne:
		o, _ := st.option(s.Choices[0].Option)
		return verb + " " + o.Describe()
	}
	if changed {
		return "change vote"
	}
	return "vote"
}

func appendStance(root *automerge.Map, s Stance) error {
	all, err := mapAtRoot(root, "stances")
	if err != nil {
		return err
	}
	var r reader
	list := r.listAt(all, string(s.Member))
	if r.err != nil {
		return r.err
	}
	if list == nil {
		list = automerge.NewList()
		if err := all.Set(string(s.Member), list); err != nil {
			return fmt.Errorf("add stance list: %w", err)
		}
	}
	m := automerge.NewMap()
	if err := list.Append(m); err != nil {
		return fmt.Errorf("append stance: %w", err)
	}
	cl := automerge.NewList()
	if err := m.Set("choices", cl); err != nil {
		return err
	}
	for _, c := range s.Choices {
		cm := automerge.NewMap()
		if err := cl.Append(cm); err != nil {
			return err
		}
		if err := cm.Set("option", c.Option); err != nil {
			return err
		}
		if err := cm.Set("value", int64(c.Value)); err != nil {
			return err
		}
	}
	for k, v := range map[string]any{"reason": s.Reason, "at": s.At.UnixMilli(), "sig": s.Sig} {
		if err := m.Set(k, v); err != nil {
			return err
		}
	}
	return nil
}
