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
	photo, refused, good := upload(c, photoUploadField)
	if !good {
		return refused
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
	m := s.captioned(c)
	m.Photo = []models.PhotoSize{{FileID: fmt.Sprintf("photo-%d", m.ID), FileUniqueID: fmt.Sprintf("u%d", m.ID),
		Width: cfg.Width, Height: cfg.Height, FileSize: len(photo.Data)}}
	return ok(m)
}
