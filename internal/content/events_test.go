package content_test

import (
	"testing"
)

// TestEventValidation loads each testdata/events/*.txtar as a site folder
// (with testdata/events/site.yaml unless the archive has its own), and
// compares every diagnostic, as "file:line:col: message", with the
// archive's "want" file. Run with -update to rewrite the want files.
func TestEventValidation(t *testing.T) { runCases(t, "testdata/events", nil) }
