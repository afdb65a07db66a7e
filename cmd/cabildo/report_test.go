package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"cabildo/internal/content"
)

// TestGitHubReportEscaping checks the workflow commands against the
// escaping of GitHub's toolkit: "%", "\r" and "\n" in the message; those
// and ":" and "," in properties, which would otherwise end the file name.
func TestGitHubReportEscaping(t *testing.T) {
	diags := content.Diagnostics{
		{Pos: content.Pos{File: "content/prensa/a,b:c.md", Line: 7, Col: 3}, Msg: "50% listo:\r\nsegunda línea, con coma"},
		{Pos: content.Pos{File: "content/lobby"}, Msg: "sin registros", Severity: content.SeverityWarning},
		{Pos: content.Pos{File: "content/site.yaml", Line: 4}, Msg: "sin columna"},
	}
	var b bytes.Buffer
	if err := writeGitHubReport(&b, diags); err != nil {
		t.Fatal(err)
	}
	want := "::error file=content/prensa/a%2Cb%3Ac.md,line=7,col=3,title=cabildo check::50%25 listo:%0D%0Asegunda línea, con coma\n" +
		"::warning file=content/lobby,title=cabildo check::sin registros\n" +
		"::error file=content/site.yaml,line=4,title=cabildo check::sin columna\n" +
		"2 errores, 1 aviso\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestGitLabReport checks the Code Quality fields and that a problem keeps
// its fingerprint when lines are added above it, while two identical
// problems in one file get different fingerprints.
func TestGitLabReport(t *testing.T) {
	report := func(diags content.Diagnostics) []gitlabIssue {
		t.Helper()
		var b bytes.Buffer
		if err := writeGitLabReport(&b, diags); err != nil {
			t.Fatal(err)
		}
		var issues []gitlabIssue
		if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, b.String())
		}
		return issues
	}
	msg := "imagen sin texto alternativo (alt)"
	before := report(content.Diagnostics{
		{Pos: content.Pos{File: "content/prensa/a.md", Line: 7, Col: 1}, Msg: msg},
		{Pos: content.Pos{File: "content/prensa/a.md", Line: 9, Col: 1}, Msg: msg},
		{Pos: content.Pos{File: "content/lobby"}, Msg: "sin registros", Severity: content.SeverityWarning},
	})
	after := report(content.Diagnostics{
		{Pos: content.Pos{File: "content/prensa/a.md", Line: 12, Col: 1}, Msg: msg},
		{Pos: content.Pos{File: "content/prensa/a.md", Line: 14, Col: 1}, Msg: msg},
	})
	if len(before) != 3 {
		t.Fatalf("%d issues, want 3", len(before))
	}
	first := before[0]
	if first.Description != msg || first.CheckName != "cabildo/error" || first.Severity != "major" ||
		first.Location.Path != "content/prensa/a.md" || first.Location.Lines.Begin != 7 || len(first.Fingerprint) != 32 {
		t.Errorf("first issue: %+v", first)
	}
	if w := before[2]; w.Severity != "minor" || w.CheckName != "cabildo/aviso" || w.Location.Lines.Begin != 1 {
		t.Errorf("a warning on a folder: %+v (GitLab needs a line ≥ 1)", w)
	}
	if before[0].Fingerprint == before[1].Fingerprint {
		t.Errorf("two problems share the fingerprint %s", before[0].Fingerprint)
	}
	for i := range after {
		if after[i].Fingerprint != before[i].Fingerprint {
			t.Errorf("issue %d: fingerprint changed from %s to %s when lines moved", i, before[i].Fingerprint, after[i].Fingerprint)
		}
	}
}
