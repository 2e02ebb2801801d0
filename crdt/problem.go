package crdt

// Problem is something wrong found in a co-op's records: a value that was
// ignored or refused, a deletion that was undone, a ratification that does
// not hold. Member is whose device wrote the bad value, where known.
type Problem struct {
	Doc    string   `json:"doc,omitempty"`
	Title  string   `json:"title,omitempty"`
	Member MemberID `json:"member,omitempty"`
	Reason string   `json:"reason"`
}
