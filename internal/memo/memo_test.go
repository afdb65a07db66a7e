package memo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func key(s string) Key {
	var k Key
	copy(k[:], s)
	return k
}

// TestKeptBetweenBuilds: what one build puts, the next gets from the
// file; what a build does not use is forgotten; a build that uses what it
// read does not write the file.
func TestKeptBetweenBuilds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache", "marcado.memo")
	m := Open(path)
	if _, ok := m.Get(key("a")); ok {
		t.Fatal("a new memo has an entry")
	}
	m.Put(key("a"), "<picture>a</picture>")
	m.Put(key("b"), "") // an empty result is a result
	if err := m.Flush(); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	m = Open(path)
	if v, ok := m.Get(key("a")); !ok || v != "<picture>a</picture>" {
		t.Fatalf("Get(a) = %q, %v", v, ok)
	}
	if v, ok := m.Get(key("b")); !ok || v != "" {
		t.Fatalf("Get(b) = %q, %v", v, ok)
	}
	stat, _ := os.Stat(path)
	os.Chtimes(path, stat.ModTime().Add(-3600e9), stat.ModTime().Add(-3600e9))
	stat, _ = os.Stat(path)
	if err := m.Flush(); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.Stat(path); !again.ModTime().Equal(stat.ModTime()) {
		t.Error("a build that used what it read wrote the file again")
	}

	m = Open(path)
	m.Get(key("a")) // b is not used
	if err := m.Flush(); err != nil {
		t.Fatal(err)
	}
	m = Open(path)
	if _, ok := m.Get(key("b")); ok {
		t.Error("an entry the last build did not use was kept")
	}
	if _, ok := m.Get(key("a")); !ok {
		t.Error("an entry the last build used was lost")
	}

	// The same entries, put in another order, make the same file.
	m = Open(filepath.Join(t.TempDir(), "otro.memo"))
	m.Put(key("b"), "")
	m.Put(key("a"), "<picture>a</picture>")
	m.Flush()
	if second, _ := os.ReadFile(m.path); !bytes.Equal(first, second) {
		t.Error("the same entries made different files")
	}
}

// TestChangedResult: a result put again with other bytes is written.
func TestChangedResult(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m")
	m := Open(path)
	m.Put(key("a"), "uno")
	m.Flush()
	m = Open(path)
	m.Put(key("a"), "dos")
	m.Flush()
	if v, _ := Open(path).Get(key("a")); v != "dos" {
		t.Errorf("Get(a) = %q, want dos", v)
	}
}

// TestBadFile: a file that is not a memo, or one cut short, is ignored
// and then replaced.
func TestBadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	m := Open(good)
	m.Put(key("a"), "<picture>un resultado largo</picture>")
	m.Flush()
	data, _ := os.ReadFile(good)
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"other":     []byte("PK\x03\x04 not a memo"),
		"truncated": data[:len(data)-5],
		"half key":  data[:len(header)+10],
		"no length": data[:len(header)+len(Key{})],
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, bad, 0o644)
		m := Open(path)
		if _, ok := m.Get(key("a")); ok {
			t.Errorf("%s: an entry was read from a bad file", name)
		}
		m.Put(key("a"), "x")
		if err := m.Flush(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if v, ok := Open(path).Get(key("a")); !ok || v != "x" {
			t.Errorf("%s: not replaced: %q, %v", name, v, ok)
		}
	}
}

// TestInMemory: without a file, entries live from one Flush to the next
// (serve's renders), and nothing is written.
func TestInMemory(t *testing.T) {
	m := Open("")
	m.Put(key("a"), "A")
	m.Flush()
	if v, ok := m.Get(key("a")); !ok || v != "A" {
		t.Fatalf("Get(a) = %q, %v after a Flush", v, ok)
	}
	m.Flush()
	m.Flush() // a render that did not use a
	if _, ok := m.Get(key("a")); ok {
		t.Error("an entry unused by the last render was kept")
	}
	var none *Memo
	none.Put(key("a"), "A")
	if _, ok := none.Get(key("a")); ok || none.Flush() != nil {
		t.Error("a nil Memo keeps something")
	}
}
