package render

import (
	"strings"
	"unicode/utf8"

	"cabildo/internal/content"
	"cabildo/internal/spanish"
)

// This file puts events in Spanish words: what they cost, how accessible
// they are, how they repeat, and short excerpts of their text.

// costLabel says what an event costs: "Gratuito" for 0, "$3.000", or ""
// when the editor did not say.
func costLabel(m *content.Money) string {
	switch {
	case m == nil:
		return ""
	case *m == 0:
		return "Gratuito"
	}
	return spanish.Money(int64(*m))
}

// accessibility puts an event's accessibility in words, one line each.
// An unanswered question is left out rather than guessed.
func accessibility(a *content.Accessibility) []string {
	if a == nil {
		return nil
	}
	var out []string
	if a.StepFree != nil {
		if *a.StepFree {
			out = append(out, "Acceso sin escalones.")
		} else {
			out = append(out, "El acceso tiene escalones.")
		}
	}
	if a.SignLanguage != nil {
		if *a.SignLanguage {
			out = append(out, "Con intérprete de lengua de señas.")
		} else {
			out = append(out, "Sin intérprete de lengua de señas.")
		}
	}
	if n := strings.TrimSpace(a.Notes); n != "" {
		out = append(out, n)
	}
	return out
}

// excerpt cuts plain text to about n characters at a word boundary.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if cut >= n {
			s = s[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexByte(s, ' '); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, " ,;:.") + "…"
}
