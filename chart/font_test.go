package chart

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
)

func TestFindFont(t *testing.T) {
	dir := t.TempDir()
	latin := filepath.Join(dir, "latin.ttf")
	if err := os.WriteFile(latin, liberationsansregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.ttc")
	t.Run("a configured font that is missing is an error naming it", func(t *testing.T) {
		_, ok, err := FindFont(missing, FontCandidates)
		if ok || err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("ok %v, err %v; want an error naming %s", ok, err, missing)
		}
	})
	t.Run("a configured font without Chinese is refused", func(t *testing.T) {
		_, ok, err := FindFont(latin, FontCandidates)
		if ok || err == nil || !strings.Contains(err.Error(), "no Chinese glyphs") {
			t.Errorf("ok %v, err %v; want no Chinese glyphs", ok, err)
		}
	})
	t.Run("no candidate loads: no font, no error", func(t *testing.T) {
		f, ok, err := FindFont("", []string{missing, latin})
		if ok || err != nil || f.CJK() {
			t.Errorf("got %v %v %v, want none", f, ok, err)
		}
	})
	t.Run("the first candidate that loads wins", func(t *testing.T) {
		for _, path := range FontCandidates {
			if _, err := os.Stat(path); err != nil {
				continue
			}
			f, ok, err := FindFont("", []string{missing, latin, path})
			if !ok || err != nil || f.Path != path || !f.CJK() {
				t.Errorf("got %+v %v %v, want %s", f, ok, err, path)
			}
			return
		}
		t.Skip("no system CJK font here")
	})
}

// TestRealign checks a font whose tables sit off four-byte boundaries (as
// WenQuanYi's do) is parsed after realigning.
func TestRealign(t *testing.T) {
	bad := misalign(liberationsansregular.TTF)
	if _, err := firstFont(bad); err == nil {
		t.Fatal("the misaligned copy parsed as is; the test proves nothing")
	}
	f, err := parseFont(bad)
	if err != nil {
		t.Fatalf("realigned font: %v", err)
	}
	if n := f.NumGlyphs(); n < 100 {
		t.Errorf("realigned font has %d glyphs", n)
	}
}

// misalign copies a single font with two bytes before every table.
func misalign(data []byte) []byte {
	be := binary.BigEndian
	n := int(be.Uint16(data[4:]))
	out := append([]byte(nil), data[:12+16*n]...)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		off, length := be.Uint32(rec[8:]), be.Uint32(rec[12:])
		for len(out)%4 != 2 {
			out = append(out, 0)
		}
		be.PutUint32(out[12+16*i+8:], uint32(len(out)))
		out = append(out, data[off:off+length]...)
	}
	return out
}
