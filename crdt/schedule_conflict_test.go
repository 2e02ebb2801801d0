package crdt

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestScheduleOverCapacityAfterMerge(t *testing.T) {
	a, b, c := schedIdentity(t), schedIdentity(t), schedIdentity(t)
	start := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	base := newSchedTest(t, a)
	shift := schedAddShift(t, base, "Bakery morning", start, 4, 2)
	if err := base.SignUp(shift); err != nil { // one place left
		t.Fatal(err)
	}
	// b and c each take the last place while offline.
	sb, sc := schedReplica(t, base, b), schedReplica(t, base, c)
	if err := sb.SignUp(shift); err != nil {
		t.Fatal(err)
	}
	if err := sc.SignUp(shift); err != nil {
		t.Fatal(err)
	}
	if cs, _ := sb.Conflicts(); len(cs) != 0 {
		t.Fatalf("conflict before merging: %+v", cs)
	}
	schedMerge(t, sb, sc)
	schedMerge(t, base, sb)
	want := []MemberID{a.Member(), b.Member(), c.Member()}
	slices.Sort(want)
	var first []Conflict
	var firstJSON []byte
	for i, s := range []*Schedule{base, sb, sc} {
		if i == 2 {
			schedMerge(t, sc, base)
		}
		sh, _ := s.Shift(shift)
		if len(sh.SignUps) != 3 || sh.Free() != -1 {
			t.Fatalf("replica %d: sign-ups %+v", i, sh.SignUps)
		}
		cs, err := s.Conflicts()
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Kind != ConflictOverCapacity || cs[0].Shift != shift || !slices.Equal(cs[0].Members, want) {
			t.Fatalf("replica %d: conflicts %+v", i, cs)
		}
		if !strings.Contains(cs[0].Detail, "3 sign-ups for 2 places") {
			t.Fatalf("detail %q", cs[0].Detail)
		}
		j, _ := s.JSON()
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first, firstJSON = cs, b
			continue
		}
		if !reflect.DeepEqual(cs, first) || string(b) != string(firstJSON) {
			t.Fatalf("replica %d disagrees:\n%s\n%s", i, b, firstJSON)
		}
	}
	// Full locally: nobody else can sign up; one withdrawal leaves it full
	// but no longer over capacity.
	schedWantErr(t, base.SignUp(shift), ErrInvalid)
	if err := sc.Withdraw(shift); err != nil {
		t.Fatal(err)
	}
	schedMerge(t, base, sc)
	if cs, _ := base.Conflicts(); len(cs) != 0 {
		t.Fatalf("still in conflict: %+v", cs)
	}
}

func TestScheduleOverlapConflicts(t *testing.T) {
	a, b := schedIdentity(t), schedIdentity(t)
	nine := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC) // 09:00 Berlin
	type booking struct {
		who   *Identity
		shift int
	}
	for _, tc := range []struct {
		name      string
		shifts    [][2]int // start hour offset, hours
		bookings  []booking
		deleteIdx int // -1: none
		want      [][2]int
		members   [][]*Identity
	}{
		{"overlapping", [][2]int{{0, 4}, {2, 4}}, []booking{{a, 0}, {a, 1}}, -1, [][2]int{{0, 1}}, [][]*Identity{{a}}},
		{"adjacent is fine", [][2]int{{0, 4}, {4, 4}}, []booking{{a, 0}, {a, 1}}, -1, nil, nil},
		{"different members", [][2]int{{0, 4}, {2, 4}}, []booking{{a, 0}, {b, 1}}, -1, nil, nil},
		{"two members, one pair", [][2]int{{0, 4}, {2, 4}}, []booking{{a, 0}, {a, 1}, {b, 0}, {b, 1}}, -1, [][2]int{{0, 1}}, [][]*Identity{{a, b}}},
		{"contained", [][2]int{{0, 8}, {2, 1}, {5, 1}}, []booking{{a, 0}, {a, 1}, {a, 2}}, -1, [][2]int{{0, 1}, {0, 2}}, [][]*Identity{{a}, {a}}},
		{"deleted shift ignored", [][2]int{{0, 4}, {2, 4}}, []booking{{a, 0}, {a, 1}}, 1, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sa := newSchedTest(t, a)
			var ids []string
			for i, sh := range tc.shifts {
				ids = append(ids, schedAddShift(t, sa, "Shift "+string(rune('A'+i)), nine.Add(time.Duration(sh[0])*time.Hour), sh[1], 5))
			}
			sb := schedReplica(t, sa, b)
			for _, bk := range tc.bookings {
				s := sa
				if bk.who == b {
					s = sb
				}
				if err := s.SignUp(ids[bk.shift]); err != nil {
					t.Fatal(err)
				}
			}
			schedMerge(t, sa, sb)
			if tc.deleteIdx >= 0 {
				if err := sa.DeleteShift(ids[tc.deleteIdx]); err != nil {
					t.Fatal(err)
				}
			}
			cs, err := sa.Conflicts()
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != len(tc.want) {
				t.Fatalf("conflicts %+v, want %d", cs, len(tc.want))
			}
			for i, w := range tc.want {
				var members []MemberID
				for _, m := range tc.members[i] {
					members = append(members, m.Member())
				}
				slices.Sort(members)
				// Conflicts are sorted by first shift ID, then the others.
				idx := slices.IndexFunc(cs, func(c Conflict) bool { return slices.Equal(c.Shifts, []string{ids[w[0]], ids[w[1]]}) })
				if idx < 0 {
					t.Fatalf("no conflict for shifts %v in %+v", w, cs)
				}
				c := cs[idx]
				if c.Kind != ConflictOverlap || c.Shift != ids[w[0]] || !slices.Equal(c.Members, members) || !strings.Contains(c.Detail, "overlap") {
					t.Fatalf("conflict %+v", c)
				}
			}
			if !slices.IsSortedFunc(cs, func(x, y Conflict) int {
				return strings.Compare(x.Kind+x.Shift+strings.Join(x.Shifts, ","), y.Kind+y.Shift+strings.Join(y.Shifts, ","))
			}) {
				t.Fatalf("conflicts not sorted: %+v", cs)
			}
		})
	}
}

func TestScheduleOverlapFromEditedTimes(t *testing.T) {
	a := schedIdentity(t)
	s := newSchedTest(t, a)
	nine := time.Date(2026, 3, 7, 8, 0, 0, 0, time.UTC)
	x := schedAddShift(t, s, "Till", nine, 2, 2)
	y := schedAddShift(t, s, "Stock", nine.Add(3*time.Hour), 2, 2)
	_ = s.SignUp(x)
	_ = s.SignUp(y)
	if cs, _ := s.Conflicts(); len(cs) != 0 {
		t.Fatalf("conflicts before the edit: %+v", cs)
	}
	sh, _ := s.Shift(y)
	spec := sh.Spec()
	spec.Start = nine.Add(time.Hour)
	spec.End = nine.Add(3 * time.Hour)
	if err := s.EditShift(y, spec); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Conflicts()
	if len(cs) != 1 || cs[0].Kind != ConflictOverlap || !slices.Equal(cs[0].Members, []MemberID{a.Member()}) {
		t.Fatalf("conflicts after moving a shift: %+v", cs)
	}
}
