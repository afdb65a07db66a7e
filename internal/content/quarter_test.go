package content_test

import (
	"testing"

	"cabildo/internal/content"
)

// The quarter's words come from internal/spanish's month names: this pins
// every quarter, so a change there that breaks a report's title shows here.
func TestQuarterWords(t *testing.T) {
	for _, c := range []struct{ slug, label, months string }{
		{"2026-t1", "primer trimestre de 2026", "enero a marzo"},
		{"2026-t2", "segundo trimestre de 2026", "abril a junio"},
		{"2026-t3", "tercer trimestre de 2026", "julio a septiembre"},
		{"2026-t4", "cuarto trimestre de 2026", "octubre a diciembre"},
	} {
		q, ok := content.ParseQuarter(c.slug)
		if !ok {
			t.Fatalf("ParseQuarter(%q) failed", c.slug)
		}
		if q.Label() != c.label || q.Months() != c.months {
			t.Errorf("%s: Label %q, Months %q; want %q, %q", c.slug, q.Label(), q.Months(), c.label, c.months)
		}
	}
}
