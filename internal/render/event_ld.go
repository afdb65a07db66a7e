package render

import (
	"cmp"
	"time"

	"cabildo/internal/content"
)

// This file describes an event to search engines (schema.org JSON-LD).

// eventLD is the schema.org Event of an event's page.
func (r *Renderer) eventLD(e *content.Event, s *series, img *Picture, desc string) map[string]any {
	ld := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "Event",
		"name":        e.Title,
		"description": desc,
		"url":         r.AbsURL(e.URL()),
		"inLanguage":  "es-CL",
	}
	first := s.occ[0]
	if first.AllDay {
		ld["startDate"] = first.Start.Format("2006-01-02")
		if !first.End.IsZero() {
			ld["endDate"] = first.End.Format("2006-01-02")
		}
	} else {
		ld["startDate"] = first.Start.Format(time.RFC3339)
		if !first.End.IsZero() {
			ld["endDate"] = first.End.Format(time.RFC3339)
		}
	}
	ld["eventStatus"] = statusOf(e.EffectiveStatus()).LD
	if p := e.PreviousStart; p != nil {
		ld["previousStartDate"] = EventOccurrence{Start: p.Instant(r.loc), AllDay: p.AllDay}.Datetime()
	}
	var places []any
	if e.Location.Name != "" || e.Location.Address != "" {
		place := map[string]any{"@type": "Place", "name": cmp.Or(e.Location.Name, e.Location.Address)}
		if e.Location.Address != "" {
			place["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": e.Location.Address, "addressCountry": "CL"}
		}
		if g := e.Location.Geo; g != nil {
			place["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": g.Lat, "longitude": g.Lon}
		}
		places = append(places, place)
	}
	if e.Location.OnlineURL != "" {
		places = append(places, map[string]any{"@type": "VirtualLocation", "url": e.Location.OnlineURL})
	}
	switch {
	case e.Location.OnlineURL != "" && len(places) == 2:
		ld["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
	case e.Location.OnlineURL != "":
		ld["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
	default:
		ld["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
	}
	if len(places) == 1 {
		ld["location"] = places[0]
	} else if len(places) > 1 {
		ld["location"] = places
	}
	org := map[string]any{"@type": "GovernmentOrganization", "name": r.cfg.Organization, "url": r.AbsURL("/")}
	if c := r.contacts[e.Organizer]; c != nil {
		org = map[string]any{"@type": "Organization", "name": c.Position + ", " + r.cfg.Organization, "url": r.AbsURL(c.URL())}
		if c.Email != "" {
			org["email"] = c.Email
		}
	}
	ld["organizer"] = org
	if e.Cost != nil {
		ld["isAccessibleForFree"] = *e.Cost == 0
		offer := map[string]any{"@type": "Offer", "price": int64(*e.Cost), "priceCurrency": "CLP", "url": cmp.Or(e.RegistrationURL, r.AbsURL(e.URL()))}
		ld["offers"] = offer
	}
	if img != nil {
		ld["image"] = img.Abs
		if ld["image"] == "" {
			ld["image"] = r.AbsURL(img.URL)
		}
	}
	if s.rule != nil && len(s.occ) > 1 {
		// Each occurrence is an Event of its own to search engines.
		var subs []any
		for _, o := range s.occ[:min(len(s.occ), nextDates)] {
			sub := map[string]any{"@type": "Event", "name": e.Title, "startDate": o.Datetime()}
			if o.Status != e.EffectiveStatus() { // a cancelled or a moved date
				sub["eventStatus"] = statusOf(o.Status).LD
			}
			if !o.End.IsZero() {
				sub["endDate"] = EventOccurrence{Start: o.End, AllDay: o.AllDay}.Datetime()
			}
			subs = append(subs, sub)
		}
		ld["subEvent"] = subs
	}
	return ld
}
