package render

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"cabildo/internal/content"
	"cabildo/internal/ical"
)

// This file builds the links an event page offers to other services: a
// map, a calendar subscription and Google Calendar's "add event".

// osmLink is an OpenStreetMap page centred on a point, with a marker:
// it works on any phone without JavaScript from this site or an API key.
func osmLink(lat, lon float64) string {
	la, lo := strconv.FormatFloat(lat, 'f', -1, 64), strconv.FormatFloat(lon, 'f', -1, 64)
	return "https://www.openstreetmap.org/?mlat=" + la + "&mlon=" + lo + "#map=17/" + la + "/" + lo
}

// webcal turns an https URL into the webcal:// one that makes phones and
// desktop clients offer to subscribe. html/template would refuse the
// scheme, hence template.URL; the URL is the site's own base_url.
func webcal(abs string) template.URL {
	_, rest, _ := strings.Cut(abs, "://")
	return template.URL("webcal://" + rest)
}

// googleLink is Google Calendar's "add event" link for e's first
// occurrence and its rule. Timed events are local wall time with ctz
// naming the site's zone; all-day events are dates with an exclusive end,
// as in the feeds.
func (r *Renderer) googleLink(e *content.Event, text string) string {
	q := url.Values{}
	q.Set("action", "TEMPLATE")
	if len(e.CancelledDates) > 0 || len(e.MovedDates) > 0 {
		// The link carries one rule and no exceptions: Google would
		// add the dates that were cancelled or moved. The .ics has them.
		return ""
	}
	q.Set("text", statusOf(e.EffectiveStatus()).TitlePrefix+e.Title)
	if e.AllDay() {
		last := e.Start.Date
		if e.End != nil {
			last = e.End.Date
		}
		q.Set("dates", compactDate(e.Start.Date)+"/"+compactDate(last.AddDays(1)))
	} else {
		start := e.Start.Time.In(r.loc)
		end := start
		if e.End != nil {
			end = e.End.Time.In(r.loc)
		}
		q.Set("dates", start.Format("20060102T150405")+"/"+end.Format("20060102T150405"))
		q.Set("ctz", r.loc.String())
	}
	details := excerpt(cmp.Or(strings.TrimSpace(text), e.Summary), 600)
	q.Set("details", strings.TrimSpace(details+"\n\n"+r.AbsURL(e.URL())))
	if loc := eventPlace(e); loc != "" {
		q.Set("location", loc)
	}
	if e.Recurrence != "" {
		if rule, err := ical.PublishedRRule(e.Recurrence, e.AllDay(), r.loc); err == nil {
			q.Set("recur", "RRULE:"+rule)
		}
	}
	// url.Values sorts its keys: the link is the same on every build.
	return "https://calendar.google.com/calendar/render?" + q.Encode()
}

func compactDate(d content.Date) string {
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}

// eventPlace is the one-line place of feeds and calendar links: "name,
// address", or the online link for an online-only event.
func eventPlace(e *content.Event) string {
	var parts []string
	for _, s := range []string{e.Location.Name, e.Location.Address} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return e.Location.OnlineURL
	}
	return strings.Join(parts, ", ")
}
