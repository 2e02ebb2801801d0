package crdt

import (
	"errors"
	"reflect"
	"testing"
)

func TestAgreementDiff(t *testing.T) {
	f := newAgreementFixture(t, "## Meetings\nWe meet on Monday.\n")
	v1, err := f.a.SaveVersion("v1")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.SetBody("## Meetings\nWe meet on Tuesday.\nBring food.\n"); err != nil {
		t.Fatal(err)
	}
	v2, err := f.a.SaveVersion("v2")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.a.SetBody("## Meetings\nWe meet on Tuesday.\nBring food and drink.\n"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		from, to string
		unit     DiffUnit
		want     []DiffOp
		err      error
	}{
		{"by line between versions", v1, v2, ByLine, []DiffOp{
			{DiffEqual, "## Meetings\n"}, {DiffDelete, "We meet on Monday.\n"}, {DiffInsert, "We meet on Tuesday.\nBring food.\n"}}, nil},
		// Myers' diff may place the inserted line before or after the shared
		// ".\n"; either way words stay whole.
		{"by word between versions", v1, v2, ByWord, []DiffOp{
			{DiffEqual, "## Meetings\nWe meet on "}, {DiffDelete, "Monday"}, {DiffInsert, "Tuesday.\nBring food"}, {DiffEqual, ".\n"}}, nil},
		{"by line version to now", v2, "", ByLine, []DiffOp{
			{DiffEqual, "## Meetings\nWe meet on Tuesday.\n"}, {DiffDelete, "Bring food.\n"}, {DiffInsert, "Bring food and drink.\n"}}, nil},
		{"by word version to now", v2, "", ByWord, []DiffOp{
			{DiffEqual, "## Meetings\nWe meet on Tuesday.\nBring food"}, {DiffInsert, " and drink"}, {DiffEqual, ".\n"}}, nil},
		{"backwards", v2, v1, ByWord, []DiffOp{
			{DiffEqual, "## Meetings\nWe meet on "}, {DiffDelete, "Tuesday.\nBring food"}, {DiffInsert, "Monday"}, {DiffEqual, ".\n"}}, nil},
		{"same version", v1, v1, ByLine, []DiffOp{{DiffEqual, "## Meetings\nWe meet on Monday.\n"}}, nil},
		{"unknown from", NewID(), "", ByLine, nil, ErrNotFound},
		{"empty from", "", "", ByLine, nil, ErrNotFound},
		{"unknown to", v1, NewID(), ByLine, nil, ErrNotFound},
		{"bad unit", v1, v2, DiffUnit(7), nil, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.a.Diff(tt.from, tt.to, tt.unit)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Diff = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
