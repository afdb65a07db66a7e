package imaging

import (
	"os"
	"testing"
)

// BenchmarkProcess processes a phone photo as the site does. Set
// CABILDO_BENCH_PHOTO to a large photo (bench/photos makes 4000×3000 ones);
// without it the committed 4032×3024-like fixture phone.jpg is used.
func BenchmarkProcess(b *testing.B) {
	name := os.Getenv("CABILDO_BENCH_PHOTO")
	if name == "" {
		name = "testdata/phone.jpg"
	}
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Process("foto.jpg", data, DefaultOp); err != nil {
			b.Fatal(err)
		}
	}
}
