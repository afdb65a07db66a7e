package content_test

import (
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"cabildo/internal/content"
)

var update = flag.Bool("update", false, "rewrite the want section of testdata/lobby/*.txtar")

// TestLobbyValidation loads each testdata/lobby/*.txtar as a site folder,
// validates it and compares every diagnostic, as "file:line:col: message",
// with the archive's "want" file. The archive's comment may set "now:" (a
// date-time in the site's zone) to also check the month-gap warnings of
// LobbyGaps. An archive without content/site.yaml gets testdata/lobby/site.yaml.
//
// Each archive is one rule of Ley 20.730's registries as CONTENT.md states
// it, so a rule that stops being checked, or a message that loses its
// position, fails here. Run with -update to rewrite the want files after a
// deliberate change of wording, and read the diff.
func TestLobbyValidation(t *testing.T) {
	runCases(t, "testdata/lobby", func(t *testing.T, ar *txtar.Archive, site *content.Site, diags *content.Diagnostics) {
		if now := header(string(ar.Comment), "now:"); now != "" {
			tm, err := content.ParseDateTime(now, site.Config.Location)
			if err != nil {
				t.Fatalf("now: %v", err)
			}
			if gaps := site.LobbyGaps(tm); len(gaps) > 0 {
				diags.Warnf(content.LobbyGapPos, "%s", content.LobbyGapMessage(gaps))
			}
		}
	})
}

// header returns the value of the first "key value" line of a comment.
func header(comment, key string) string {
	for _, line := range strings.Split(comment, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func TestMonths(t *testing.T) {
	got := content.Months(content.Month{Year: 2026, Month: time.November}, content.Month{Year: 2027, Month: time.February})
	var s []string
	for _, m := range got {
		s = append(s, m.String())
	}
	if want := "2026-11 2026-12 2027-01 2027-02"; strings.Join(s, " ") != want {
		t.Errorf("Months = %v, want %s", s, want)
	}
	if got := content.Months(content.Month{Year: 2027, Month: time.January}, content.Month{Year: 2026, Month: time.December}); got != nil {
		t.Errorf("Months of an empty range = %v, want nil", got)
	}
	if got := (content.Month{Year: 2026, Month: time.August}).Label(); got != "agosto de 2026" {
		t.Errorf("Label = %q", got)
	}
}

func TestLabels(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{content.ModalityLabel(content.ModalityInPerson), "Presencial"},
		{content.ModalityLabel(content.ModalityVideoconference), "Videoconferencia"},
		{content.PersonKindLabel(content.PersonLegal), "Persona jurídica"},
		{content.PersonKindLabel(content.PersonNatural), "Persona natural"},
		{content.DecisionCategoryLabel("administrative_act"), "Acto administrativo"},
		{content.DecisionCategoryLabel("contract"), "Contrato"},
		{content.DecisionCategoryLabel("policy_plan_program"), "Política, plan o programa"},
		{content.DecisionCategoryLabel("legislative"), "Proyecto de ley o reglamento"},
		{content.DecisionCategoryLabel("prevent"), "Evitar la adopción de una decisión"},
		{content.GiftClassificationLabel("official"), "Oficial"},
		{content.GiftClassificationLabel("protocol"), "Protocolar"},
		{content.GiftClassificationLabel("courtesy"), "De cortesía"},
		{content.CountryName("CL"), "Chile"},
		{content.CountryName("AR"), "Argentina"},
		{content.CountryName("ZZ"), "ZZ"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	// Every code the loader accepts must have a label of its own, or a
	// citizen would read "administrative_act".
	for _, c := range []struct {
		typ   any
		field string
		label func(string) string
	}{
		{content.Audience{}, "DecisionCategories", content.DecisionCategoryLabel},
		{content.Audience{}, "Modality", content.ModalityLabel},
		{content.Represented{}, "Kind", content.PersonKindLabel},
		{content.Gift{}, "Classification", content.GiftClassificationLabel},
	} {
		f, _ := reflect.TypeOf(c.typ).FieldByName(c.field)
		for _, code := range strings.Split(f.Tag.Get("enum"), "|") {
			if code == "" || c.label(code) == code {
				t.Errorf("%s code %q has no Spanish label", c.field, code)
			}
		}
	}
}
