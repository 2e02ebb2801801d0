package protocol

import "fmt"

// respond sends our next leg. finished means the session is in step.
func (s *Session) respond(lg *leg) (bool, error) {
	switch s.phase {
	case phaseHello:
		if lg.hello == nil {
			return false, fmt.Errorf("%w: no HELLO", ErrMalformed)
		}
		if s.initiator {
			return s.answerBuckets(lg)
		}
		return s.answerHello(lg)
	case phaseList:
		return s.answerList(lg)
	default:
		return s.answerSync(lg)
	}
}

// answerHello is the responder's first leg: its HELLO, and either "done"
// (equal digests), everything whole (the peer holds nothing), or the bucket
// digests that let the initiator find what differs.
func (s *Session) answerHello(lg *leg) (bool, error) {
	s.sendHello()
	s.phase = phaseSync
	switch {
	case lg.hello.digest == s.sum.digest:
		s.endLeg(true)
		return true, nil
	case lg.hello.count == 0:
		s.sendWhole(s.allIDs())
		s.endLeg(true)
		return true, nil
	case len(s.sum.docs) == 0:
		s.endLeg(false) // the initiator sends everything whole
		return false, nil
	}
	s.bits = bucketBits(lg.hello.count, uint64(len(s.sum.docs)))
	s.c.send(bucketsMsg{bits: s.bits, digests: s.sum.buckets(s.bits)})
	s.phase = phaseList
	s.endLeg(false)
	return false, nil
}

// answerBuckets is the initiator's second leg: which buckets differ, our
// documents in them as (ID, heads hash) — or whole where the responder's
// bucket is empty.
func (s *Session) answerBuckets(lg *leg) (bool, error) {
	s.phase = phaseSync
	if s.peer.count == 0 {
		s.sendWhole(s.allIDs())
		s.endLeg(true)
		return true, nil
	}
	if lg.buckets == nil {
		return false, fmt.Errorf("%w: HELLO without BUCKETS", ErrMalformed)
	}
	s.bits = lg.buckets.bits
	ours := s.sum.buckets(s.bits)
	theirs := lg.buckets.digests
	bitmap := make([]byte, bitmapLen(s.bits))
	for b := range ours {
		if ours[b] != theirs[b] {
			setBit(bitmap, b)
		}
	}
	s.c.send(diffMsg{bits: s.bits, bitmap: bitmap})
	var whole []string
	var entries []listEntry
	for _, d := range s.sum.inBuckets(s.bits, bitmap) {
		if isZero(theirs[bucketOf(d, s.bits)]) {
			whole = append(whole, d.id)
			continue
		}
		s.tableIdx[d.id] = len(s.table)
		s.table = append(s.table, d.id)
		entries = append(entries, listEntry{id: d.id, heads: d.heads})
	}
	per := max(1, (s.opts.MaxFrame-16)/(1+maxIDLen+8))
	for len(entries) > 0 {
		n := min(per, len(entries))
		s.c.send(listMsg{entries: entries[:n]})
		entries = entries[n:]
	}
	s.sendWhole(whole)
	s.endLeg(false)
	return false, nil
}

// answerList is the responder's second leg: per listed document, send it
// whole (the initiator lacks it), ask for it (we lack it), or open the
// Automerge sync (both hold it, heads differ) — all documents at once.
func (s *Session) answerList(lg *leg) (bool, error) {
	if lg.diff == nil {
		return false, fmt.Errorf("%w: expected DIFF", ErrMalformed)
	}
	s.phase = phaseSync
	s.sum.hashIDs()
	listed := map[string]bool{}
	var wants []ref
	var open []*docState
	for i, e := range s.peerList {
		listed[e.id] = true
		j, held := s.sum.byID[e.id]
		if !held {
			wants = append(wants, ref{index: i})
			continue
		}
		if s.sum.docs[j].heads == e.heads {
			continue
		}
		ds, err := s.state(e.id)
		if err != nil {
			s.log.Warn("document in summary but not readable", "doc", e.id, "err", err)
			continue
		}
		ds.active, ds.counted = true, true
		open = append(open, ds)
	}
	var whole []string
	for _, d := range s.sum.inBuckets(s.bits, lg.diff.bitmap) {
		if !listed[d.id] {
			whole = append(whole, d.id)
		}
	}
	s.addTotal(len(wants) + len(open))
	if len(wants) > 0 {
		s.c.send(wantMsg{refs: wants})
	}
	s.sendWhole(whole)
	sent := s.generateAll(open)
	done := len(wants) == 0 && sent == 0
	s.endLeg(done)
	return done, nil
}

// answerSync is every later leg: documents asked for, then the next
// Automerge message of every document still out of step. A leg with no
// message and no request ends the sync.
func (s *Session) answerSync(lg *leg) (bool, error) {
	s.sendWhole(lg.wants)
	var wants []ref
	for _, id := range lg.unknown {
		wants = append(wants, ref{index: -1, id: id})
	}
	if len(wants) > 0 {
		s.c.send(wantMsg{refs: wants})
	}
	var active []*docState
	for _, ds := range s.activeDocs() {
		if ds.sentLast && !ds.gotLast {
			// The peer answered nothing: it found itself in step with
			// what we sent, so it holds our heads.
			ds.peerHeads, ds.peerKnown = ds.sentHeads, true
		}
		ds.sentLast, ds.gotLast = false, false
		active = append(active, ds)
	}
	sent := s.generateAll(active)
	done := len(wants) == 0 && sent == 0
	s.endLeg(done)
	return done, nil
}

// generateAll generates the next message of every document (on the pool)
// and sends them in ID order. Documents with nothing to say are in step.
func (s *Session) generateAll(docs []*docState) int {
	for _, ds := range docs {
		s.pool.run(func() error {
			s.generate(ds, true)
			return nil
		})
	}
	s.logErrs(s.pool.wait())
	sent := 0
	for _, ds := range docs {
		if s.sendSync(ds) {
			ds.sentLast = true
			sent++
		} else {
			ds.active = false
			s.addDone(1)
		}
	}
	return sent
}

func (s *Session) allIDs() []string {
	ids := make([]string, len(s.sum.docs))
	for i, d := range s.sum.docs {
		ids[i] = d.id
	}
	return ids
}
