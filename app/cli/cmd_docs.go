package cli

import (
	"fmt"
	"github.com/mutual-coop/mutual/crdt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

func init() {
	register(
		&command{name: "list", group: "Documents", usage: "[--kind proposal|schedule|agreement|meeting|roster] [--status S] [--search WORDS] [--json]",
			summary: "List documents, most recently updated first. --search keeps those whose title, text, outcome,\nevents, shifts or comments hold every word. JSON: [{id, kind, title, status, updated, deadline, author}].",
			run:     runList},
		&command{name: "show", group: "Documents", usage: "ID [--json]",
			summary: "Show a document; a proposal's includes its live tally. JSON: the shape in docs/SCHEMA.md.",
			run:     runShow},
		&command{name: "history", group: "Documents", usage: "ID [--json]",
			summary: "List a document's changes with author, time and message.",
			run:     runHistory},
		&command{name: "export", group: "Documents", usage: "ID --format automerge|json|md|ics|pdf -o FILE",
			summary: "Export a document: raw Automerge bytes (any Automerge implementation loads them), JSON,\nMarkdown, iCalendar (schedules) or PDF (a meeting's minutes). -o - writes to standard output.",
			run:     runExport},
		&command{name: "import", group: "Documents", usage: "FILE [--into SCHEDULE]",
			summary: "Import an Automerge document file exported by Mutual, or an .ics calendar as a new schedule\n(named after the file; importing it again says so) or --into an existing one, whose events\nupdate by UID. Prints the document ID.",
			run:     runImport},
		&command{name: "rename", group: "Documents", usage: "ID --title T",
			summary: "Change a document's title.",
			run:     runRename},
	)
}

func runList(r *run, args []string) error {
	fs := newFlags("list")
	kind := fs.String("kind", "", "only this kind")
	status := fs.String("status", "", "only this status")
	search := fs.String("search", "", "only documents holding every word")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: mutual list [--kind K] [--status S] [--search WORDS] [--json]")
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	docs, err := c.List(*kind)
	if err != nil {
		return err
	}
	var found map[string]bool
	if strings.TrimSpace(*search) != "" {
		if found, err = c.Search(*kind, *search); err != nil {
			return err
		}
	}
	if *status != "" || found != nil {
		kept := docs[:0]
		for _, d := range docs {
			if (*status == "" || d.Status == *status) && (found == nil || found[d.ID]) {
				kept = append(kept, d)
			}
		}
		docs = kept
	}
	return r.out(docs, func(w io.Writer) {
		if len(docs) == 0 {
			fmt.Fprintln(w, "No documents.")
			return
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tSTATUS\tTITLE\tUPDATED")
		for _, d := range docs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", crdt.ShortID(d.ID), d.Kind, d.Status, d.Title, d.Updated.Local().Format("2006-01-02 15:04"))
		}
		tw.Flush()
	})
}

func runShow(r *run, args []string) error {
	c, id, err := r.target(args, 1, "show ID [--json]")
	if err != nil {
		return err
	}
	if r.json {
		v, err := c.Show(id)
		if err != nil {
			return err
		}
		return r.out(v, nil)
	}
	md, err := c.Markdown(id)
	if err != nil {
		return err
	}
	io.WriteString(r.stdout, md)
	return nil
}

func runHistory(r *run, args []string) error {
	c, id, err := r.target(args, 1, "history ID [--json]")
	if err != nil {
		return err
	}
	h, err := c.History(id)
	if err != nil {
		return err
	}
	return r.out(h, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, e := range h {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Time.Local().Format("2006-01-02 15:04:05"), e.AuthorName, e.Message, e.Hash[:10])
		}
		tw.Flush()
	})
}

func runExport(r *run, args []string) error {
	fs := newFlags("export")
	format := fs.String("format", "", "automerge, json, md, ics or pdf")
	out := fs.StringP("output", "o", "", "output file (- for standard output)")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *format == "" || *out == "" {
		return usagef("usage: mutual export ID --format automerge|json|md|ics|pdf -o FILE")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	b, err := c.Export(id, *format)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err := r.stdout.Write(b)
		return err
	}
	return writeFileAtomic(r.path(*out), b)
}

// writeFileAtomic never leaves a half-written export behind.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func runImport(r *run, args []string) error {
	fs := newFlags("import")
	into := fs.String("into", "", "an existing schedule to import an .ics file into (events update by UID)")
	args, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if err := r.need(&args, 1, "import FILE [--into SCHEDULE]"); err != nil {
		return err
	}
	b, err := readFileLimited(r.path(args[0]), maxImportBytes, "the file to import")
	if err != nil {
		return err
	}
	if *into != "" {
		c, id, err := r.resolve(*into)
		if err != nil {
			return err
		}
		n, err := c.ImportICSInto(b, id)
		if err != nil {
			return fmt.Errorf("import %s: %w", args[0], err)
		}
		return r.out(map[string]any{"coop": c.ID(), "id": id, "events": n}, func(w io.Writer) { fmt.Fprintln(w, id) })
	}
	coop, id, err := r.ws.Import(b, args[0], r.coopSel)
	if err != nil {
		return fmt.Errorf("import %s: %w", args[0], err)
	}
	return r.out(map[string]string{"coop": coop, "id": id}, func(w io.Writer) { fmt.Fprintln(w, id) })
}

func runRename(r *run, args []string) error {
	fs := newFlags("rename")
	title := fs.String("title", "", "new title")
	pos, err := r.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(*title) == "" {
		return usagef("usage: mutual rename ID --title T")
	}
	c, id, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	return c.Rename(id, *title)
}
