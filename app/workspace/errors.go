package workspace

import "errors"

var (
	// ErrNoIdentity means the data directory has not been initialised.
	ErrNoIdentity = errors.New("no identity in this data directory: run `mutual init` first")
	// ErrNoCoop means no co-op matches, or several do and none was chosen.
	ErrNoCoop = errors.New("no such co-op")
	// ErrAmbiguous means an ID prefix matches several documents.
	ErrAmbiguous = errors.New("ambiguous ID")
	// ErrUnknownDoc means no document has that ID.
	ErrUnknownDoc = errors.New("no such document")
	// ErrExists means the thing to create exists already.
	ErrExists = errors.New("already exists")
)
