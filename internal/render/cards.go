package render

import (
	"hash/maphash"
	"html/template"
	"reflect"
	"strings"
	"sync"

	"cabildo/internal/theme"
)

// Cards: a release appears in three lists (all releases, its year's, its
// topic's), and a release added or deleted under serve moves it to
// another page of each: some 800 list pages at 10,000 items run their
// templates again, and the card of each release was most of that work.
// {{card $ "press-item" .}} renders a card once per version of what it
// shows and repeats its HTML while the Builder lives (a Cache): the key
// is the hash of the partial's name and data (hashValue: an item is the
// same item while its pointer is, and the entry keeps it alive so that
// its address is not another's). Without a Cache (a one-shot build) it
// runs the partial every time, as {{template}} would.
//
// Entries not used by a full render are dropped at the next one; the
// theme or site.yaml changing drops them all (Cache.ForgetPages, Reset).

// cardCache holds the cards of the last two full renders.
type cardCache struct {
	mu        sync.Mutex
	cur, prev map[uint64]cachedCard
}

type cachedCard struct {
	data any // kept, so that the items it points to stay where they are
	html template.HTML
}

// rotate starts a full render: the cards the last one did not use go.
func (c *cardCache) rotate() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, make(map[uint64]cachedCard, len(c.cur))
}

// forget drops every card.
func (c *cardCache) forget() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = nil, nil
}

// get returns the partial name rendered with data, from the cache when
// it was rendered before with data that hashes the same.
func (c *cardCache) get(th *theme.Theme, name string, data any) (template.HTML, error) {
	render := func() (template.HTML, error) {
		var b strings.Builder
		err := th.ExecutePartial(&b, name, data)
		return template.HTML(b.String()), err
	}
	if c == nil {
		return render()
	}
	var h maphash.Hash
	h.SetSeed(memoSeed)
	h.WriteString(name)
	h.WriteByte(0)
	if !hashValue(&h, reflect.ValueOf(&data).Elem(), map[ptrKey]bool{}) {
		return render()
	}
	key := h.Sum64()
	c.mu.Lock()
	e, ok := c.cur[key]
	if !ok {
		if e, ok = c.prev[key]; ok && c.cur != nil {
			c.cur[key] = e
		}
	}
	c.mu.Unlock()
	if ok {
		return e.html, nil
	}
	html, err := render()
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	if c.cur == nil {
		c.cur = map[uint64]cachedCard{}
	}
	c.cur[key] = cachedCard{data, html}
	c.mu.Unlock()
	return html, nil
}
