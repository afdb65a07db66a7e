package output

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// benchSet is a site of n small files spread over 100 directories,
// like the press and lobby pages of a few years.
func benchSet(b *testing.B, n int) *Set {
	s := NewSet()
	for i := range n {
		p := fmt.Sprintf("seccion%02d/item%05d/index.html", i%100, i)
		if err := s.Add(p, []byte(strings.Repeat("<p>contenido</p>\n", 20+i%50))); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func BenchmarkWrite(b *testing.B) {
	const n = 10_000
	s := benchSet(b, n)
	for _, bb := range []struct {
		name string
		opts []Option
	}{
		{"sync", nil},
		{"nosync", []Option{NoSync()}},
	} {
		b.Run("full/"+bb.name, func(b *testing.B) {
			b.ReportAllocs()
			root := b.TempDir()
			i := 0
			for b.Loop() {
				i++
				if _, err := Write(filepath.Join(root, fmt.Sprint(i)), s, bb.opts...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
		b.Run("unchanged/"+bb.name, func(b *testing.B) {
			b.ReportAllocs()
			dir := filepath.Join(b.TempDir(), "public")
			if _, err := Write(dir, s, bb.opts...); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				st, err := Write(dir, s, bb.opts...)
				if err != nil || st.Swapped {
					b.Fatalf("Write = %+v, %v", st, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}
