package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mutual-coop/mutual/crdt"
)

// Import takes an exported file: an iCalendar file becomes a new schedule in
// the selected co-op; an Automerge document file is stored under the co-op
// it names (merged into the local copy when it exists here already). A
// roster file restores its co-op. Nothing is written when the file is bad.
func (w *Workspace) Import(data []byte, filename, coopSel string) (coopID, docID string, err error) {
	if isICS(data) {
		return w.importICS(data, filename, coopSel)
	}
	me, _ := w.Identity()
	d, err := crdt.Load(data, me)
	if err != nil {
		return "", "", err
	}
	if !w.HasCoop(d.Coop()) {
		// Only a co-op's own roster makes it known here: a proposal or an
		// agreement of a co-op this data directory is not a member of would
		// create a co-op with no roster, where nothing can be checked.
		r, rerr := crdt.AsRoster(d)
		if rerr != nil || d.ID() != d.Coop() {
			return "", "", fmt.Errorf("%q belongs to co-op %s, which this computer is not a member of: join it first (or import its roster): %w",
				d.Title(), crdt.ShortID(d.Coop()), ErrNoCoop)
		}
		if _, err := w.AddJoinedCoop(d.Coop(), r.Name()); err != nil {
			return "", "", err
		}
	}
	c := w.coopHandle(d.Coop())
	if _, err := c.Doc(d.ID()); err == nil {
		return c.id, d.ID(), c.mergeIn(d, false)
	} else if !errors.Is(err, ErrUnknownDoc) {
		return "", "", err
	}
	return c.id, d.ID(), c.storeNew(d)
}

// mergeIn merges another copy of a document into the local one.
func (c *Coop) mergeIn(other *crdt.Doc, remote bool) error {
	unlock := c.lockDoc(other.ID())
	defer unlock()
	d, err := c.Doc(other.ID())
	if err != nil {
		return err
	}
	if err := d.Merge(other); err != nil {
		return err
	}
	if err := c.persistLocked(d, remote); err != nil {
		return err
	}
	if !remote { // remote changes are reported by persistLocked
		c.reportRestored(d)
	}
	return nil
}

func isICS(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte("BEGIN:VCALENDAR"))
}

func (w *Workspace) importICS(data []byte, filename, coopSel string) (string, string, error) {
	c, err := w.Coop(coopSel)
	if err != nil {
		return "", "", err
	}
	me, err := w.Identity()
	if err != nil {
		return "", "", err
	}
	title := strings.TrimSuffix(filepath.Base(filename), filepath.Ext(filename))
	if title == "" || title == "." {
		title = "Imported calendar"
	}
	// Importing the same file again would make a second copy of every
	// event: the schedule it made is named, to import into it instead.
	docs, err := c.List(string(crdt.KindSchedule))
	if err != nil {
		return "", "", err
	}
	for _, d := range docs {
		if d.Title == title {
			return "", "", fmt.Errorf("a schedule named %q exists already (%s): import into it with --into %s, which updates its events: %w",
				title, crdt.ShortID(d.ID), crdt.ShortID(d.ID), ErrExists)
		}
	}
	s, err := crdt.NewSchedule(c.id, title, me, w.now())
	if err != nil {
		return "", "", err
	}
	n, err := s.ImportICS(data)
	if err != nil {
		return "", "", err
	}
	if n == 0 {
		return "", "", fmt.Errorf("the calendar holds no events: %w", crdt.ErrInvalid)
	}
	return c.id, s.ID(), c.storeNew(s.Doc)
}

// ImportICSInto imports an iCalendar file into an existing schedule:
// events it made before (matched by UID) are updated, new ones added.
func (c *Coop) ImportICSInto(data []byte, scheduleID string) (int, error) {
	if !isICS(data) {
		return 0, fmt.Errorf("--into takes an iCalendar (.ics) file: %w", crdt.ErrInvalid)
	}
	var n int
	err := c.editSchedule(scheduleID, func(s *crdt.Schedule) (err error) {
		n, err = s.ImportICS(data)
		return err
	})
	return n, err
}
