package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"cabildo/internal/content"
)

// reportFormats are the ways `cabildo check -format` writes the problems it
// finds: for people, for programs, and for the two CI services whose pull
// requests editors use, so that each problem shows on its line of the
// changed file.
var reportFormats = map[string]func(io.Writer, content.Diagnostics) error{
	"texto":  writeTextReport,
	"json":   writeJSONDiags,
	"github": writeGitHubReport,
	"gitlab": writeGitLabReport,
}

// reportFormatNames lists the formats for messages: "github, gitlab, json, texto".
func reportFormatNames() string {
	names := make([]string, 0, len(reportFormats))
	for name := range reportFormats {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func writeTextReport(w io.Writer, diags content.Diagnostics) error {
	printDiags(w, diags)
	_, err := fmt.Fprintln(w, summary(diags))
	return err
}

func summary(diags content.Diagnostics) string {
	return plural(len(diags.Errors()), "error", "errores") + ", " + plural(len(diags.Warnings()), "aviso", "avisos")
}

// writeGitHubReport writes GitHub Actions workflow commands, which the
// runner turns into annotations on the pull request's files:
//
//	::error file=content/prensa/nota.md,line=7,col=1,title=cabildo check::imagen sin texto alternativo (alt)
//
// followed by the summary as plain log text. See
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
func writeGitHubReport(w io.Writer, diags content.Diagnostics) error {
	for _, d := range diags {
		command := "error"
		if d.Severity == content.SeverityWarning {
			command = "warning"
		}
		props := []string{"file=" + githubProperty(d.Pos.File)}
		if d.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
			if d.Pos.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
			}
		}
		props = append(props, "title="+githubProperty("cabildo check"))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", command, strings.Join(props, ","), githubData(d.Msg)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, summary(diags))
	return err
}

// githubData escapes a workflow command's message as the runner expects
// (the toolkit's escapeData): "%", "\r" and "\n".
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a property value (the toolkit's escapeProperty):
// as githubData, and ":" and "," too, which separate properties.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// gitlabIssue is one entry of a GitLab Code Quality report, which GitLab
// shows in the merge request's changes. See
// https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"` // "major" for errors, "minor" for warnings
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// writeGitLabReport writes a Code Quality report. GitLab compares the
// reports of the branch and of its target by fingerprint to say which
// problems are new and which were fixed, so the fingerprint leaves out the
// line: a problem keeps it when lines are added above. It hashes the file,
// the severity, the message and how many times that same message came
// before in that file.
func writeGitLabReport(w io.Writer, diags content.Diagnostics) error {
	out := make([]gitlabIssue, 0, len(diags))
	seen := map[string]int{}
	for _, d := range diags {
		severity, check := "major", "cabildo/error"
		if d.Severity == content.SeverityWarning {
			severity, check = "minor", "cabildo/aviso"
		}
		key := d.Pos.File + "\x00" + severity + "\x00" + d.Msg
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, n))
		out = append(out, gitlabIssue{
			Description: d.Msg,
			CheckName:   check,
			Fingerprint: hex.EncodeToString(sum[:16]),
			Severity:    severity,
			Location:    gitlabLocation{Path: d.Pos.File, Lines: gitlabLines{Begin: max(d.Pos.Line, 1)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
