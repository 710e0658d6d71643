package fakebot_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"hotlinebot/internal/fakebot"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSendPhotoChecksTheImage(t *testing.T) {
	cases := []struct {
		name    string
		photo   models.InputFile
		caption string
		want    string // "" when accepted
	}{
		{"a PNG upload", &models.InputFileUpload{Filename: "trend.png", Data: bytes.NewReader(pngOf(t, 1080, 1380))}, "<b>岳阳县政府</b>", ""},
		{"not uploaded (a file id)", &models.InputFileString{Data: "AgACAgQAAx"}, "", "there is no photo"},
		{"not an image", &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("PK\x03\x04")}, "", "IMAGE_PROCESS_FAILED"},
		{"too long a strip", &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader(pngOf(t, 100, 2100))}, "", "PHOTO_INVALID_DIMENSIONS"},
		{"too big", &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader(pngOf(t, 5000, 5001))}, "", "PHOTO_INVALID_DIMENSIONS"},
		{"caption too long", &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader(pngOf(t, 10, 10))}, strings.Repeat("字", 1025), "caption is too long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakebot.New(t)
			b := newClient(t, fake)
			msg, err := b.SendPhoto(context.Background(), &bot.SendPhotoParams{ChatID: 9, Photo: tc.photo, Caption: tc.caption, ParseMode: models.ParseModeHTML})
			calls := fake.Calls("sendPhoto")
			if len(calls) != 1 {
				t.Fatalf("%d sendPhoto calls", len(calls))
			}
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) || calls[0].OK() {
					t.Errorf("got %v (status %d), want a refusal with %q", err, calls[0].Status, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := calls[0]
			if len(c.Documents) != 1 || c.Documents[0].Field != "photo" || c.Visible != "岳阳县政府" {
				t.Errorf("recorded %+v", c)
			}
			if len(msg.Photo) != 1 || msg.Photo[0].Width != 1080 || msg.Photo[0].Height != 1380 || msg.Caption != "岳阳县政府" {
				t.Errorf("answered %+v", msg)
			}
		})
	}
}
