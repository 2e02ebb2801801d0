package crdt

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/automerge/automerge-go"
)

// readStanceRecords reads every stance. A stance whose values have the wrong
// types is kept as a malformed record, so one bad entry (say, from another
// implementation) is reported by the tally instead of hiding all the others.
func readStanceRecords(root *automerge.Map) ([]stanceRecord, error) {
	var r reader
	all := r.mapAt(root, "stances")
	members := r.keys(all)
	if r.err != nil {
		return nil, fmt.Errorf("proposal stances: %w", r.err)
	}
	var out []stanceRecord
	seen := map[string]bool{}
	for _, member := range members {
		var lr reader
		entries := lr.maps(lr.listAt(all, member), member)
		if lr.err != nil {
			out = append(out, stanceRecord{Stance: Stance{Member: MemberID(member)}, malformed: lr.err})
			continue
		}
		for _, m := range entries {
			rec := readStance(MemberID(member), m)
			// The same signed stance appended twice is one stance; an altered
			// copy with the same signature is not the same, so the whole
			// record is the key (a put-back original must not be hidden).
			if key := stanceDedupeKey(rec.Stance); rec.malformed == nil && len(rec.Sig) > 0 {
				if seen[key] {
					continue // the same signed stance appended twice (copied by a peer)
				}
				seen[key] = true
			}
			out = append(out, rec)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		return b.later(a.Stance)
	})
	return out, nil
}

func readStance(member MemberID, m *automerge.Map) stanceRecord {
	var r reader
	s := Stance{Member: member}
	for _, cm := range r.maps(r.listAt(m, "choices"), "choices") {
		s.Choices = append(s.Choices, Choice{Option: r.str(cm, "option"), Value: int(r.int(cm, "value"))})
	}
	s.Reason, s.At, s.Sig = r.str(m, "reason"), r.millis(m, "at"), r.bytes(m, "sig")
	if r.err != nil {
		return stanceRecord{Stance: s, malformed: fmt.Errorf("stance of %s: %w", member.Short(), r.err)}
	}
	return stanceRecord{Stance: s}
}

// Stances returns each member's current stance (sorted by member) and the
// full history (sorted by member, then time). Current is the latest stance
// whose signature verifies, so a forged later entry cannot mask a member's
// real vote; whether it counts is for Tally to judge against the roster.
func (p *Proposal) Stances() (current, history []Stance, err error) {
	st, err := p.state(nil)
	if err != nil {
		return nil, nil, err
	}
	current, history = splitStances(p.ID(), st.stances)
	return current, history, nil
}

func splitStances(doc string, recs []stanceRecord) (current, history []Stance) {
	latest := map[MemberID]int{}
	for _, rec := range recs {
		if rec.malformed != nil {
			continue
		}
		history = append(history, rec.Stance)
		if !rec.verify(doc) {
			continue
		}
		if i, ok := latest[rec.Member]; !ok {
			latest[rec.Member] = len(current)
			current = append(current, rec.Stance)
		} else if rec.later(current[i]) {
			current[i] = rec.Stance
		}
	}
	return current, history
}

func stanceDedupeKey(s Stance) string {
	b, _ := json.Marshal(s)
	return string(b)
}
