package protocol

import "errors"

var (
	// ErrNotMember means the remote peer is not an active member of the
	// co-op's roster. The session refused it before sending anything.
	ErrNotMember = errors.New("peer is not an active member of the co-op")
	// ErrUnknownDoc means the replica does not hold the document.
	ErrUnknownDoc = errors.New("unknown document")
	// ErrMalformed means the peer sent bytes that are not a valid frame or
	// payload; the session resets the stream.
	ErrMalformed = errors.New("malformed sync frame")
	// ErrFrameTooLarge means a frame's announced length exceeds the maximum.
	ErrFrameTooLarge = errors.New("sync frame too large")
	// ErrWrongCoop means the peer speaks for another co-op.
	ErrWrongCoop = errors.New("peer is syncing another co-op")
	// ErrVersion means the peer speaks an incompatible protocol version.
	ErrVersion = errors.New("incompatible sync protocol version")
	// ErrTooManyRounds means the initial sync did not settle within the
	// bound on legs, which only a broken or hostile peer causes.
	ErrTooManyRounds = errors.New("sync did not settle")
	// ErrRefusedDoc means a document received whole failed validation
	// (not loadable, another co-op, or an ID other than announced).
	ErrRefusedDoc = errors.New("document refused")
)
