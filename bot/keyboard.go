package bot

// keyboard is an inline keyboard whose buttons each carry exactly one
// action, as the Bot API requires. go-telegram/bot's own button type always
// sends copy_text (a struct field omitempty cannot drop), which Telegram
// may refuse with BUTTON_COPY_TEXT_INVALID; this type is sent instead.
type keyboard struct {
	InlineKeyboard [][]button `json:"inline_keyboard"`
}

// button is one inline button: a callback that runs a bot command.
type button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// keyboardOf lays out rows of buttons, leaving out empty rows; nil when no
// button is left.
func keyboardOf(rows ...[]button) *keyboard {
	var kept [][]button
	for _, r := range rows {
		if len(r) > 0 {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return &keyboard{InlineKeyboard: kept}
}
