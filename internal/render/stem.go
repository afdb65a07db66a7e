package render

import (
	"sync"

	"github.com/kljensen/snowball/spanish"
)

// The index keeps stems, not words, so that «operativos» finds «operativo»
// and «becas» finds «beca». The stemmer is Snowball's Spanish algorithm
// (github.com/kljensen/snowball), given the folded word: the query side
// (buscar.js, function stem) runs the same algorithm on the same folded
// form, and TestStemsMatchScript checks that both agree word by word.
//
// Stemming after folding means the accented suffixes of the algorithm
// («-ación», «-logía») never match: «educación» and «educacion» both stem
// to «educacion», the same for the index and for a query typed without
// accents, which is what matters on a phone keyboard.

// searchVocab numbers the stems of a site and remembers the stem of every
// folded word it has seen: a site uses a few tens of thousands of words
// millions of times, and the stemmer allocates. Numbers are only internal
// (the files are written by stem, in order), so the order in which
// parallel jobs meet words does not reach the output.
type searchVocab struct {
	mu    sync.RWMutex
	words map[string]uint32 // folded word → stem number
	stems map[string]uint32 // stem → number
	names []string          // number → stem
}

func newSearchVocab() *searchVocab {
	return &searchVocab{words: map[string]uint32{}, stems: map[string]uint32{}}
}

// id returns the number of the stem of the folded word w.
func (v *searchVocab) id(w []byte) uint32 {
	v.mu.RLock()
	n, ok := v.words[string(w)] // no allocation: the compiler looks up []byte as is
	v.mu.RUnlock()
	if ok {
		return n
	}
	word := string(w)
	st := stem(word)
	v.mu.Lock()
	defer v.mu.Unlock()
	n, ok = v.stems[st]
	if !ok {
		n = uint32(len(v.names))
		v.stems[st] = n
		v.names = append(v.names, st)
	}
	v.words[word] = n
	return n
}

// snapshot returns the stems by number, as far as they are known now.
func (v *searchVocab) snapshot() []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.names[:len(v.names):len(v.names)]
}

// stem returns the Snowball stem of a folded word.
func stem(w string) string { return spanish.Stem(w, true) }
