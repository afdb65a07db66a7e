package content

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in an editor's file. Line and Col are 1-based; Col counts
// characters (not bytes), as editors' status bars do. A zero Line means the
// whole file.
type Pos struct {
	File string // slash-separated, relative to the site folder: "content/eventos/feria.md"
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	SeverityError   Severity = iota // the build fails and public/ is left untouched
	SeverityWarning                 // shown, but the site is published
)

// Diagnostic is one problem found in the content, in Spanish, at a position.
type Diagnostic struct {
	Pos      Pos
	Msg      string
	Severity Severity
}

func (d Diagnostic) Error() string {
	if d.Severity == SeverityWarning {
		return d.Pos.String() + ": aviso: " + d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// Diagnostics is the list of every problem found in a build.
type Diagnostics []Diagnostic

// Errorf appends an error at pos.
func (ds *Diagnostics) Errorf(pos Pos, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning at pos.
func (ds *Diagnostics) Warnf(pos Pos, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...), Severity: SeverityWarning})
}

// Sort orders the list by file, line, column and message, and drops exact
// duplicates, so that output is stable whatever order checks ran in.
func (ds Diagnostics) Sort() Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Errors returns only the errors; Warnings only the warnings.
func (ds Diagnostics) Errors() Diagnostics   { return ds.filter(SeverityError) }
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(SeverityWarning) }

func (ds Diagnostics) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the errors as one error (nil when there are none), one per line.
func (ds Diagnostics) Err() error {
	errs := ds.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &ErrorList{List: errs}
}

// ErrorList is the error a failed build returns: every error, sorted.
type ErrorList struct{ List Diagnostics }

func (e *ErrorList) Error() string {
	var b strings.Builder
	for i, d := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// AsDiagnostics extracts the diagnostics from an error returned by a build,
// or nil if err is not an *ErrorList.
func AsDiagnostics(err error) Diagnostics {
	var el *ErrorList
	if errors.As(err, &el) {
		return el.List
	}
	return nil
}
