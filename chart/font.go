package chart

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// FontCandidates are where Debian, Ubuntu, Fedora, Arch and Alpine put
// Noto Sans CJK and WenQuanYi, tried in order when no font is configured.
var FontCandidates = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
	"/usr/share/fonts/noto-cjk/NotoSansCJKsc-Regular.otf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
}

// FontHint is what to install when no CJK font is found.
const FontHint = "install fonts-noto-cjk (Debian/Ubuntu) or set HOTLINE_FONT / charts.font to a CJK TTF, OTF or TTC file"

// Font is the typeface charts draw their text with; the zero Font has no
// CJK glyphs, and charts drawn with it carry English labels.
type Font struct {
	Path string
	face *opentype.Font
}

// CJK reports whether the font draws Chinese text.
func (f Font) CJK() bool { return f.face != nil }

// LoadFont reads the TTF, OTF or TTC file at path (the first font of a
// collection) and checks that it has Chinese glyphs.
func LoadFont(path string) (Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Font{}, fmt.Errorf("font %s: %w", path, err)
	}
	face, err := parseFont(data)
	if err != nil {
		return Font{}, fmt.Errorf("font %s: %w", path, err)
	}
	var buf sfnt.Buffer
	if gi, err := face.GlyphIndex(&buf, '办'); err != nil || gi == 0 {
		return Font{}, fmt.Errorf("font %s: has no Chinese glyphs", path)
	}
	return Font{Path: path, face: face}, nil
}

// FindFont loads the configured font when there is one (a failure is an
// error: the operator asked for it), else the first system CJK font of
// candidates that loads. ok is false when none does; the charts are then
// drawn with English labels.
func FindFont(configured string, candidates []string) (f Font, ok bool, err error) {
	if configured != "" {
		f, err := LoadFont(configured)
		return f, err == nil, err
	}
	for _, path := range candidates {
		if f, err := LoadFont(path); err == nil {
			return f, true, nil
		}
	}
	return Font{}, false, nil
}

// parseFont parses the first font of data. WenQuanYi's collections place
// tables off the four-byte boundaries x/image/font/sfnt insists on, so a
// refused font is parsed again from a copy with its tables realigned.
func parseFont(data []byte) (*opentype.Font, error) {
	face, err := firstFont(data)
	if err == nil {
		return face, nil
	}
	aligned, alignErr := realign(data)
	if alignErr != nil {
		return nil, err
	}
	if face, err2 := firstFont(aligned); err2 == nil {
		return face, nil
	}
	return nil, err
}

func firstFont(data []byte) (*opentype.Font, error) {
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, err
	}
	return coll.Font(0)
}

// realign copies the first font of a TTF or TTC into a standalone font
// whose tables each start on a four-byte boundary.
func realign(data []byte) ([]byte, error) {
	be := binary.BigEndian
	if len(data) < 12 {
		return nil, errors.New("too short")
	}
	base := 0
	if string(data[:4]) == "ttcf" {
		if len(data) < 16 {
			return nil, errors.New("too short")
		}
		base = int(be.Uint32(data[12:]))
	}
	if base+12 > len(data) {
		return nil, errors.New("bad offset table")
	}
	n := int(be.Uint16(data[base+4:]))
	dir := base + 12
	if dir+16*n > len(data) {
		return nil, errors.New("bad table directory")
	}
	out := make([]byte, 12+16*n, len(data))
	copy(out, data[base:base+12])
	for i := 0; i < n; i++ {
		rec := data[dir+16*i : dir+16*i+16]
		off, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, errors.New("table outside the file")
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		at := len(out)
		out = append(out, data[off:off+length]...)
		copy(out[12+16*i:], rec[:8])
		be.PutUint32(out[12+16*i+8:], uint32(at))
		be.PutUint32(out[12+16*i+12:], uint32(length))
	}
	return out, nil
}
