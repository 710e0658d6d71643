package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotlinebot/internal/fakebot"
)

func TestSaveFileNeverOverwrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "files")
	c := &console{files: dir}
	tests := []struct {
		name, file, wantPath, wantKind string
	}{
		{"first", "评价表.xlsx", "评价表.xlsx", "文件"},
		{"same name again", "评价表.xlsx", "评价表 (2).xlsx", "文件"},
		{"and again", "评价表.xlsx", "评价表 (3).xlsx", "文件"},
		{"a path is reduced to its name", "../../etc/chart.png", "chart.png", "图片"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			field := "document"
			if tt.wantKind == "图片" {
				field = "photo"
			}
			line := c.saveFile(fakebot.Document{Field: field, Filename: tt.file, Data: []byte(tt.name)})
			want := filepath.Join(dir, tt.wantPath)
			if !strings.HasSuffix(line, "已存到 "+want) || !strings.HasPrefix(line, "["+tt.wantKind) {
				t.Fatalf("saveFile said %q, want the path %s", line, want)
			}
			if data, err := os.ReadFile(want); err != nil || string(data) != tt.name {
				t.Fatalf("%s holds %q, %v", want, data, err)
			}
		})
	}
}
