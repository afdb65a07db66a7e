package render

import "cabildo/internal/content"

// This file is the one table of what an event's status means to the
// views. The model keeps codes (content.Status*); templates ask the
// occurrence or the page's view for words and switches, never compare
// display text.

// statusWords is how the views treat one status code.
type statusWords struct {
	Label string // in words, shown next to the date; "" for confirmed
	Class string // CSS modifier of .status; "" for confirmed
	// DateLabel names the date on the event's page.
	DateLabel string
	// Off: the event (or this date) does not take place at the date
	// shown: no registration, no "add this event", not busy in feeds.
	Off bool
	// Undated: the date shown is the former one and no new one is known:
	// pages say «fecha por confirmar» and show it as the original date.
	Undated bool
	// TitlePrefix goes before the title in calendar links that have no
	// STATUS of their own (Google Calendar's "add event").
	TitlePrefix string
	// Kind is what the search results call an event in this status.
	Kind string
	// LD is the schema.org eventStatus.
	LD string
}

var eventStatuses = map[string]statusWords{
	content.StatusConfirmed: {DateLabel: "Cuándo", Kind: "Actividad", LD: "https://schema.org/EventScheduled"},
	content.StatusTentative: {Label: "Por confirmar", Class: "status--tentative", DateLabel: "Cuándo",
		Kind: "Actividad", LD: "https://schema.org/EventScheduled"},
	content.StatusCancelled: {Label: "Cancelado", Class: "status--cancelled", DateLabel: "Fecha prevista", Off: true, TitlePrefix: "CANCELADO: ",
		Kind: "Actividad cancelada", LD: "https://schema.org/EventCancelled"},
	content.StatusPostponed: {Label: "Postergado", Class: "status--postponed", DateLabel: "Cuándo", Off: true, Undated: true, TitlePrefix: "POSTERGADO: ",
		Kind: "Actividad postergada", LD: "https://schema.org/EventPostponed"},
	content.StatusRescheduled: {Label: "Reprogramado", Class: "status--rescheduled", DateLabel: "Nueva fecha",
		Kind: "Actividad reprogramada", LD: "https://schema.org/EventRescheduled"},
}

// statusOf returns the words of code; an unknown code (validation
// refuses them) reads as confirmed.
func statusOf(code string) statusWords {
	if w, ok := eventStatuses[code]; ok {
		return w
	}
	return eventStatuses[content.StatusConfirmed]
}
