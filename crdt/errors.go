package crdt

import "errors"

var (
	// ErrNotMutual means bytes loaded as Automerge but are not a Mutual document.
	ErrNotMutual = errors.New("not a Mutual document")
	// ErrMalformed means bytes are not an Automerge document, or a document's
	// values do not have the shape docs/SCHEMA.md describes.
	ErrMalformed = errors.New("malformed document")
	// ErrWrongKind means a document of one kind was opened as another.
	ErrWrongKind = errors.New("wrong document kind")
	// ErrNewerSchema means the document was written by a newer Mutual.
	ErrNewerSchema = errors.New("document schema is newer than this version of Mutual")
	// ErrReadOnly means a write was attempted without an identity to sign it.
	ErrReadOnly = errors.New("document opened without an identity")
	// ErrNotFound means an ID inside a document (option, event, comment…) does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means an argument breaks a rule of the co-op's model.
	ErrInvalid = errors.New("invalid")
	// ErrClosed means a proposal no longer accepts the change.
	ErrClosed = errors.New("proposal is closed")
	// ErrNotAllowed means the member's role does not allow the change.
	ErrNotAllowed = errors.New("not allowed")
)
