package crdt

import "slices"

// LoadReceived is Load for a document received whole from a peer: the bytes
// are kept so that storing it costs no second serialisation (TakeReceived).
// Re-saving a document that just arrived as saved bytes was a third of a
// receiving device's CPU in a cold sync.
func LoadReceived(b []byte, me *Identity) (*Doc, error) {
	d, err := Load(b, me)
	if err != nil {
		return nil, err
	}
	d.received, d.fromSaved = b, true
	return d, nil
}

// TakeReceived returns the bytes the document was received as, once, if it
// has not changed since (nothing else to save), marking it saved; otherwise
// nil, and the caller saves it.
func (d *Doc) TakeReceived() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	b := d.received
	d.received = nil
	if b == nil || d.forked || !slices.Equal(d.am.Heads(), d.saved) {
		return nil
	}
	return b
}
