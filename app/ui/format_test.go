package ui

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestSpanAndCountdown(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "less than a minute"},
		{time.Minute, "1 minute"},
		{45 * time.Minute, "45 minutes"},
		{90 * time.Minute, "1 hour 30 minutes"},
		{7 * time.Hour, "7 hours"},
		{26 * time.Hour, "1 day 2 hours"},
		{9 * 24 * time.Hour, "9 days"},
	} {
		if got := span(c.d); got != c.want {
			t.Errorf("span(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := countdown(now.Add(26*time.Hour), now); got != "closes in 1 day 2 hours" {
		t.Errorf("countdown ahead: %q", got)
	}
	if got := countdown(now.Add(-3*time.Hour), now); got != "closed 3 hours ago" {
		t.Errorf("countdown past: %q", got)
	}
	if got := ago(time.Time{}, now); got != "never" {
		t.Errorf("ago(zero) = %q", got)
	}
}

func TestNamesAndFriendly(t *testing.T) {
	if got := names([]string{"Ana", "Bo", "Cy"}); got != "Ana, Bo and Cy" {
		t.Errorf("names: %q", got)
	}
	if got := names([]string{"Ana"}); got != "Ana" {
		t.Errorf("names: %q", got)
	}
	err := fmt.Errorf("only the proposal's author or an admin may close it: %w", errors.New("not allowed"))
	if got := friendly(err); got != "Only the proposal's author or an admin may close it." {
		t.Errorf("friendly: %q", got)
	}
}
