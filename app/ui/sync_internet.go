package ui

// internetExplained says in plain words what internet discovery means, and
// where it is turned off.
const internetExplained = "Members' computers find each other through the public network that Mutual shares with other apps. " +
	"It sees that a computer is online and its address, never the co-op's name, its documents or members' names. " +
	"An admin can turn this off here; members then sync on the same network or through an always-on computer."

// renderInternet shows the co-op's internet discovery setting; admins may
// change it.
func (v *syncView) renderInternet() {
	v.internet.OnChanged = nil // setting the state is not a change by the member
	v.internet.SetChecked(v.data.settings.InternetDiscovery)
	enable(v.internet, v.u.isAdmin())
	c := v.u.coop
	v.internet.OnChanged = func(on bool) {
		v.u.do("change the setting", func() error { return c.SetInternetDiscovery(on) }, v.reload)
	}
}
