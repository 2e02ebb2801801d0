package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/mutual-coop/mutual/app/workspace"
)

// TestEveryScreenFitsSmallLaptops: on the demo co-op, with each document of
// each list open in turn, no screen needs more than a 1024×640 window (the
// content scrolls down, never grows sideways), and the same at 1280×800.
func TestEveryScreenFitsSmallLaptops(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 640}, {Width: 1280, Height: 800}} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			h := newHarness(t, func(ws *workspace.Workspace) error {
				_, err := ws.SeedDemo("Sam")
				return err
			})
			h.win.Resize(size)
			s := h.u.shell
			for sec := range sectionCount {
				s.showSection(sec)
				h.settle()
				check := func(what string) {
					min := h.win.Content().MinSize()
					if min.Width > size.Width {
						t.Errorf("%s %s needs %v px wide, the window is %v", sectionInfo[sec].name, what, min.Width, size.Width)
					}
					if min.Height > size.Height {
						t.Errorf("%s %s needs %v px tall, the window is %v", sectionInfo[sec].name, what, min.Height, size.Height)
					}
				}
				check("screen")
				for _, d := range append([]workspace.DocSummary(nil), s.list.shown...) {
					s.list.open(d.ID)
					h.settle()
					check(fmt.Sprintf("with %q open", d.Title))
				}
			}
		})
	}
}
