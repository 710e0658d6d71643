package fakebot

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // Telegram takes JPEG photos too
	_ "image/png"
	"net/http"

	"github.com/go-telegram/bot/models"
)

// Telegram's limits on an uploaded photo.
const (
	MaxPhotoBytes     = 10 << 20
	MaxPhotoSideSum   = 10000 // width + height
	MaxPhotoAspect    = 20    // longer side over shorter
	photoUploadField  = "photo"
	photoInvalidSizes = "Bad Request: PHOTO_INVALID_DIMENSIONS"
)

// sendPhoto takes a photo uploaded as multipart/form-data in the field
// "photo", as Telegram does: a request without the upload, a file that is
// not an image, or one too large or oddly shaped is refused.
func (s *Server) sendPhoto(c *Call) answer {
	if c.ChatID == 0 {
		return fail(http.StatusBadRequest, "Bad Request: chat not found")
	}
	var photo *Document
	for i := range c.Documents {
		if c.Documents[i].Field == photoUploadField {
			photo = &c.Documents[i]
		}
	}
	if photo == nil || len(photo.Data) == 0 {
		return fail(http.StatusBadRequest, "Bad Request: there is no photo in the request")
	}
	if len(photo.Data) > MaxPhotoBytes {
		return fail(http.StatusBadRequest, "Bad Request: file is too big")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(photo.Data))
	if err != nil {
		return fail(http.StatusBadRequest, "Bad Request: IMAGE_PROCESS_FAILED")
	}
	long, short := max(cfg.Width, cfg.Height), min(cfg.Width, cfg.Height)
	if short == 0 || cfg.Width+cfg.Height > MaxPhotoSideSum || long > MaxPhotoAspect*short {
		return fail(http.StatusBadRequest, photoInvalidSizes)
	}
	if a, good := checkText(c, MaxCaptionLength, true); !good {
		return a
	}
	s.mu.Lock()
	s.nextMsg++
	id := s.nextMsg
	s.mu.Unlock()
	c.MessageID = id
	m := s.message(c, id)
	m.Text = ""
	m.Caption = c.Visible
	m.Photo = []models.PhotoSize{{FileID: fmt.Sprintf("photo-%d", id), FileUniqueID: fmt.Sprintf("u%d", id),
		Width: cfg.Width, Height: cfg.Height, FileSize: len(photo.Data)}}
	return ok(m)
}
