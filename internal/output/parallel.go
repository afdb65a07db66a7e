package output

import (
	"sync"
	"sync/atomic"
)

// forEach calls fn(w, i) for every i in [0, n) from at most workers
// goroutines. w, in [0, workers), names the calling goroutine so fn can
// reuse per-worker buffers. Items are handed out one at a time, so a few
// large files do not leave the other workers idle. After the first error
// no new items are started, and that error is returned.
func forEach(n, workers int, fn func(w, i int) error) error {
	workers = max(1, min(workers, n))
	var (
		next   atomic.Int64
		failed atomic.Bool
		once   sync.Once
		first  error
		wg     sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(w, i); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return first
}
