package cli

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/mutual-coop/mutual/app/workspace"
)

func init() {
	register(&command{name: "member", group: "Members",
		usage: "list | add MEMBER-ID --name NAME [--role member|admin|observer] | remove MEMBER | role MEMBER ROLE | rename MEMBER NAME",
		summary: "Show or change the roster. MEMBER is a member ID, a prefix of one, or a name.\n" +
			"Only admins may add or remove members or change roles; anyone may rename themself.\n" +
			"New members usually join with `mutual invite` and `mutual join`.",
		run: runMember})
}

func runMember(r *run, args []string) error {
	if len(args) == 0 {
		args = []string{"list"}
	}
	c, err := r.theCoop()
	if err != nil {
		return err
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "list":
		return memberList(r, c)
	case "add":
		fs := newFlags("member add")
		name := fs.String("name", "", "display name")
		role := fs.String("role", "member", "admin, member or observer")
		pos, err := r.parse(fs, args)
		if err != nil {
			return err
		}
		if len(pos) != 1 || *name == "" {
			return usagef("usage: mutual member add MEMBER-ID --name NAME [--role ROLE]")
		}
		return c.AddMember(workspace.MemberID(pos[0]), *name, *role)
	case "remove":
		if err := r.need(&args, 1, "member remove MEMBER"); err != nil {
			return err
		}
		id, err := c.FindMember(args[0])
		if err != nil {
			return err
		}
		return c.RemoveMember(id)
	case "role":
		if err := r.need(&args, 2, "member role MEMBER admin|member|observer"); err != nil {
			return err
		}
		id, err := c.FindMember(args[0])
		if err != nil {
			return err
		}
		return c.SetRole(id, args[1])
	case "rename":
		if err := r.need(&args, 2, "member rename MEMBER NAME"); err != nil {
			return err
		}
		id, err := c.FindMember(args[0])
		if err != nil {
			return err
		}
		return c.RenameMember(id, args[1])
	}
	return usagef("unknown member command %q (list, add, remove, role, rename)", sub)
}

func memberList(r *run, c *workspace.Coop) error {
	v, err := c.Members()
	if err != nil {
		return err
	}
	return r.out(v, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tSTATUS\tMEMBER ID")
		for _, m := range v.Members {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.Name, m.Role, m.Status, m.ID)
		}
		tw.Flush()
		for _, x := range v.Rejected {
			fmt.Fprintf(w, "refused roster change for %s: %s\n", x.Entry.Name, x.Reason)
		}
	})
}
